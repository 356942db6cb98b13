import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ECHO_MESSAGE } from '../fixtures/aws/echo-object-function.js';
import type { RicFunction } from './ric-function.js';
import type { InvocationOutcome } from './runtime-api-server.js';

type LogLine = Record<string, unknown>;

const vendorDir = fileURLToPath(new URL('../fixtures/vendor-events/aws/', import.meta.url));
const derivedDir = fileURLToPath(new URL('../fixtures/aws/s3/', import.meta.url));
const parse = (path: string) => JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as Record<string, any>;

/** A vendor sample from ../shared/fixtures/events/aws. */
export const vendorEvent = (name: string) => parse(vendorDir + name);
/** One of our derived S3 cases in test/fixtures/aws/s3. */
export const derivedEvent = (name: string) => parse(derivedDir + name);

/**
 * One log line of an object-function invocation, reduced to what a test asserts on
 * (undefined for lines about something else, such as metrics or trace records):
 * - `['received', type, key]` the handler ran (the echo function's line);
 * - `['skipped', reason, key]` outside the function's filters (debug);
 * - `['failed', key]` the handler threw;
 * - `['rejected', code, path, messageId]` a record that was not understood, acknowledged;
 * - `['ignored', level, messageId]` a record acknowledged without running (test events…);
 * - `['unknown', code]` an event of no known shape.
 */
export function summarize(line: LogLine): unknown[] | undefined {
  const level = levelOf(line);
  const event = line.event as { type?: string; data?: { key?: string } } | undefined;
  const message = String(line.message);
  if (message === ECHO_MESSAGE) return ['received', event?.type, event?.data?.key];
  if (message.startsWith('event skipped')) return ['skipped', line.reason, line.key];
  if (message === 'event handler failed') return ['failed', line.key];
  if (message.startsWith('record rejected')) return ['rejected', line.code, line.path, line.messageId];
  if (message.startsWith('record acknowledged')) return ['ignored', level, line.messageId];
  if (message === 'event not understood') return ['unknown', line.code];
  return undefined;
}

/**
 * The summarised log lines of one invocation, waiting until `expected` of them arrived:
 * the runtime may post its answer before its stdout reaches the test.
 */
export async function invocationLines(runtime: RicFunction, outcome: InvocationOutcome, expected: number, waitMs = 3000): Promise<unknown[][]> {
  const mine = ofInvocation(outcome);
  const lines = () => runtime.logLines(mine).map(summarize).filter((line): line is unknown[] => line !== undefined);
  const started = Date.now();
  while (lines().length < expected && Date.now() - started < waitMs) await new Promise((resolve) => setTimeout(resolve, 10));
  return lines();
}

/** The neutral events the echo function logged during one invocation. */
export function receivedEvents(runtime: RicFunction, outcome: InvocationOutcome): LogLine[] {
  const mine = ofInvocation(outcome);
  return runtime.logLines((entry) => mine(entry) && entry.message === ECHO_MESSAGE);
}

/**
 * Whether a log line belongs to an invocation. The logger names the invocation id
 * `invocationId`, or `requestId` in Lambda's JSON log format; either is accepted.
 */
export function ofInvocation(outcome: InvocationOutcome): (entry: LogLine) => boolean {
  return (entry) => (entry.invocationId ?? entry.requestId) === outcome.requestId;
}

/** A line's level in lower case (Lambda's JSON log format writes `INFO`, `DEBUG`…). */
export function levelOf(entry: LogLine): string {
  return String(entry.level ?? '').toLowerCase();
}
