import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventDecodeError, json, onHttp } from '@faasade/core';
import { lambdaHandler } from '@faasade/aws';
import { fuzzParameters, mutatedEvent, settleWithin } from '../fuzz/fuzz-setup.js';

// Property: whatever a vendor HTTP event is mutated into (fields deleted, replaced by any
// JSON value or hostile string, anywhere in the tree), a handler that never throws gets a
// well-formed result that is never a 5xx — a refusal is a 4xx naming the problem — or the
// invocation fails with UnknownEventShape. (test/fuzz/aws-http.fuzz.test.ts runs the 10,000
// cases with a handler that also fails on purpose.)
const vendorDir = fileURLToPath(new URL('../fixtures/vendor-events/aws/', import.meta.url));
const events = readdirSync(vendorDir)
  .filter((name) => /^(apigw-|alb-|function-url-)/.test(name))
  .map((name) => JSON.parse(readFileSync(vendorDir + name, 'utf8').replace(/^\uFEFF/, '')) as unknown);

// Touches everything the adapter builds lazily.
const reader = onHttp({ name: 'reader', route: '/{path+}' }, async (request) => {
  const body = await request.arrayBuffer();
  return json({ url: new URL(request.url).href, headers: [...request.headers].length, bytes: body.byteLength });
});
const handler = lambdaHandler(reader);
const context = { awsRequestId: 'fuzz', getRemainingTimeInMillis: () => 5000 };

describe('any mutation of a vendor HTTP event', () => {
  beforeAll(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true); // the adapter logs each refusal
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('gets a well-formed answer or UnknownEventShape, never a crash or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedEvent(events), async (mutated) => {
        const outcome = await settleWithin(handler(mutated, context), 2000);
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(EventDecodeError);
          expect((outcome.error as EventDecodeError).code).toBe('UnknownEventShape');
          return;
        }
        const result = outcome.value as unknown as Record<string, unknown>;
        expect(Number.isInteger(result.statusCode)).toBe(true);
        expect(result.statusCode).toBeGreaterThanOrEqual(200);
        expect(result.statusCode).toBeLessThan(600);
        expect(typeof result.body).toBe('string');
        expect(typeof result.isBase64Encoded).toBe('boolean');
        // A refusal is a 4xx naming the problem, never a 500 from an unexpected throw.
        expect(result.statusCode === 200 || (result.statusCode as number) < 500).toBe(true);
      }),
      fuzzParameters('AWS HTTP events, no 5xx for malformed input', 1500),
    );
  });
});
