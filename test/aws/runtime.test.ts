import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspectFunction } from './functions/inspect.js';
import { startRicFunction, type RicFunction } from './ric-function.js';

// The adapter inside the real aws-lambda-ric, fed raw events by the local Runtime API:
// what the runtime tells the function, and how bad events are answered without harm.
const vendorDir = fileURLToPath(new URL('../fixtures/vendor-events/aws/', import.meta.url));
const malformedDir = fileURLToPath(new URL('../fixtures/aws/', import.meta.url));
const load = (path: string) => JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
const httpVendorEvents = readdirSync(vendorDir).filter((name) => /^(apigw-|alb-|function-url-)/.test(name));
const otherVendorEvents = readdirSync(vendorDir).filter((name) => name.endsWith('.json') && !httpVendorEvents.includes(name));

type Result = { statusCode: number; body: string; isBase64Encoded: boolean };
const bodyOf = (result: Result) => JSON.parse(result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString() : result.body);

describe('lambdaHandler inside aws-lambda-ric', () => {
  let runtime: RicFunction;
  beforeAll(async () => {
    runtime = await startRicFunction(inspectFunction);
  }, 900_000); // the first run may build the runtime client's native addon
  afterAll(async () => {
    await runtime?.close();
  });

  it('reports the Runtime API request id, deadline and function ARN, and a cold start only once', async () => {
    const first = await runtime.invoke(load(`${vendorDir}function-url-captured-get.json`));
    const second = await runtime.invoke(load(`${vendorDir}function-url-captured-get.json`));
    for (const [outcome, coldStart] of [[first, true], [second, false]] as const) {
      expect(outcome.kind).toBe('response');
      const seen = bodyOf((outcome as { payload: Result }).payload);
      expect(seen).toMatchObject({ invocationId: outcome.requestId, platformRequestId: outcome.requestId, cloud: 'aws', coldStart });
      expect(seen.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:inspect');
      // ctx.deadline comes from getRemainingTimeInMillis(), which the runtime derives from Lambda-Runtime-Deadline-Ms.
      expect(Math.abs(seen.deadline - outcome.deadlineMs)).toBeLessThan(50);
    }
  });

  for (const name of httpVendorEvents) {
    it(`answers the vendor event ${name}`, async () => {
      const outcome = await runtime.invoke(load(`${vendorDir}${name}`));
      expect(outcome.kind).toBe('response');
      const result = (outcome as { payload: Result }).payload;
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toMatchObject({ invocationId: outcome.requestId, url: expect.stringMatching(/^https?:\/\/[^/]+\//) });
    });
  }

  for (const name of otherVendorEvents) {
    it(`fails the invocation for ${name} with EventDecodeError and logs UnknownEventShape`, async () => {
      const outcome = await runtime.invoke(load(`${vendorDir}${name}`));
      expect(outcome).toMatchObject({ kind: 'error', payload: { errorType: 'EventDecodeError' } });
      const line = await runtime.logLine((entry) => entry.invocationId === outcome.requestId);
      expect(line).toMatchObject({ level: 'error', code: 'UnknownEventShape' });
    });
  }

  for (const name of readdirSync(malformedDir).filter((file) => file.endsWith('.json'))) {
    it(`answers the malformed ${name} with a 4xx and a log line naming the field`, async () => {
      const outcome = await runtime.invoke(load(`${malformedDir}${name}`));
      expect(outcome.kind).toBe('response');
      const result = (outcome as { payload: Result }).payload;
      expect(result.statusCode).toBeGreaterThanOrEqual(400);
      expect(result.statusCode).toBeLessThan(500);
      const line = await runtime.logLine((entry) => entry.invocationId === outcome.requestId);
      expect(line).toMatchObject({ level: 'warn', status: result.statusCode });
      expect(typeof line.path).toBe('string');
    });
  }

  it('keeps serving after every bad event above', async () => {
    const outcome = await runtime.invoke(load(`${vendorDir}apigw-v2-http-captured-no-authorizer.json`));
    expect(outcome).toMatchObject({ kind: 'response', payload: { statusCode: 200 } });
  });
});
