import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onObject, type ObjectEvent, type ObjectFunctionOptions } from '@faasade/core';
import { captureLogs, lambdaContext } from '../support.js';
import { lambdaHandler } from '../../src/index.js';

export { vendorEvent, lambdaContext } from '../support.js';

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/** One of our derived S3 cases in test/fixtures/aws/s3. */
export function s3Fixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(`${repoRoot}test/fixtures/aws/s3/${name}`, 'utf8'));
}

/** What a recording function saw: the neutral events, and the invocation id of each. */
export interface Recorder {
  events: ObjectEvent[];
  invocationIds: string[];
}

/**
 * Runs `event` through `lambdaHandler` of an object function that records every event it
 * gets and throws for keys containing `fail`; returns the result (or error) and log lines.
 */
export async function deliver(event: unknown, options: Partial<ObjectFunctionOptions> = {}, requestId = 'req-1') {
  const seen: Recorder = { events: [], invocationIds: [] };
  const fn = onObject({ name: 'recorder', bucket: 'images', events: ['created', 'deleted'], ...options }, (received, ctx) => {
    seen.events.push(received);
    seen.invocationIds.push(ctx.invocationId);
    if (received.data.key.includes('fail')) throw new Error(`refusing ${received.data.key}`);
  });
  const handler = lambdaHandler(fn);
  const { value, error, logs } = await captureLogs(() => handler(event, lambdaContext(requestId)));
  // Log entries only: lines without a message are metric or trace records, not about the event.
  const entries = logs.filter((line) => typeof line.message === 'string').map(neutralSpelling);
  return { result: value, error, logs: entries, ...seen, keys: seen.events.map((e) => e.data.key) };
}

/**
 * A log line with the neutral names: on AWS the logger may spell the invocation id
 * `requestId` and levels in capitals (Lambda's JSON log format); tests read either.
 */
export function neutralSpelling(line: Record<string, unknown>): Record<string, unknown> {
  const { requestId, ...rest } = line;
  return { ...rest, level: String(line.level).toLowerCase(), invocationId: line.invocationId ?? requestId };
}
