import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventDecodeError, onObject } from '@faasade/core';
import { lambdaHandler } from '@faasade/aws';
import { jsonPaths, mutateAt, settleWithin } from '../fuzz/fuzz-setup.js';
import { derivedEvent, vendorEvent } from './object-runtime.js';

// Property: whatever an S3, SQS, SNS or EventBridge event is mutated into — fields deleted
// or replaced by any JSON value anywhere in the tree, including inside the JSON text of an
// SQS body or SNS message — the object handler resolves with a well-formed Lambda result,
// or fails with UnknownEventShape or the handler's own error. Never another exception,
// never a hang, never an unhandled rejection. FUZZ_SEED=<n> replays a run.
const seeds = [
  ...['s3-objectcreated-put.json', 's3-objectremoved-delete.json', 's3-via-sqs.json', 'sqs-batch-two-records.json', 'sns-notification.json', 's3-eventbridge-object-created.json'].map(vendorEvent),
  ...['sqs-mixed-batch.json', 'sns-s3-notification.json', 's3-put-encoded-keys.json', 'eventbridge-object-deleted.json'].map(derivedEvent),
];
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const fn = onObject({ name: 'fuzzed', bucket: 'images', events: ['created', 'deleted'], prefix: 'uploads/' }, async (event) => {
  JSON.stringify(event); // reads every field, as a handler logging its event does
  if (event.data.key.includes('fail')) throw new HandlerFailure();
});
class HandlerFailure extends Error {}
const handler = lambdaHandler(fn);
const context = { awsRequestId: 'fuzz', getRemainingTimeInMillis: () => 5000 };

const mutation = fc
  .nat({ max: seeds.length - 1 })
  .chain((index) => fc.tuple(fc.constant(seeds[index] as unknown), fc.constantFrom(...jsonPaths(seeds[index])), fc.oneof(fc.jsonValue(), fc.constantFrom('uploads/fail.jpg', '%', '%E0%A4%A', 'aws:sqs', 'aws:s3', 'ObjectCreated:Put', '')), fc.boolean()));

function isAcceptable(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.every(isAcceptable);
  return error instanceof HandlerFailure || (error instanceof EventDecodeError && error.code === 'UnknownEventShape');
}

describe('any mutation of an S3, SQS, SNS or EventBridge event', () => {
  beforeAll(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true); // the adapter logs each refusal
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it(`gets a well-formed result or a typed failure, never a crash or a hang (${RUNS} cases, FUZZ_SEED=${seed})`, async () => {
    console.info(`fuzz-object-events: FUZZ_SEED=${seed} FUZZ_RUNS=${RUNS}`);
    const seen = { nothing: 0, batch: 0, reported: 0, refused: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(mutation, fc.boolean(), async ([event, path, replacement, remove], twice) => {
        let mutated = mutateAt(event, path, replacement, remove);
        if (twice) mutated = mutateAt(mutated, jsonPaths(mutated).at(-1) ?? [], 'x\r\n\u0000\ud800%', false);
        const outcome = await settleWithin(handler(mutated, context), 2000);
        if ('error' in outcome) {
          expect(isAcceptable(outcome.error), String(outcome.error)).toBe(true);
          seen[outcome.error instanceof EventDecodeError ? 'refused' : 'failed'] += 1;
          return;
        }
        const result = outcome.value;
        if (result === undefined) return void (seen.nothing += 1);
        seen.batch += 1;
        expect(Object.keys(result)).toEqual(['batchItemFailures']);
        const ids = new Set(((mutated as { Records: Array<{ messageId?: unknown }> }).Records).map((r) => r?.messageId));
        for (const failure of (result as { batchItemFailures: Array<{ itemIdentifier: unknown }> }).batchItemFailures) {
          expect(typeof failure.itemIdentifier === 'string' && ids.has(failure.itemIdentifier)).toBe(true);
          seen.reported += 1;
        }
      }),
      { numRuns: RUNS, seed },
    );
    console.info(`fuzz-object-events: outcomes ${JSON.stringify(seen)}`);
    // Every kind of outcome was reached, so the mutations exercised each path.
    if (RUNS >= 1000) expect(Object.values(seen).every((count) => count > 0)).toBe(true);
  }, 120_000);
});
