import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ObjectEvent } from '@faasade/core';
import { deliveryRequest } from './event-grid-sender.js';
import { deployObjectFunction, faasadeLogs, recordingFunction, type DeployedObjectFunction } from './events-harness.js';
import { vendorFixture } from './fixtures.js';
import { fuzzParameters, mutatedEvent } from '../fuzz/fuzz-setup.js';

// Property: whatever a vendor Blob Storage event is mutated into (a field deleted, or
// replaced by any JSON value, anywhere in the tree), the adapter inside the library either
// hands the handler a well-typed neutral event, skips it, or rejects it with an
// EventDecodeError naming a path, and the delivery gets the answer its outcome calls
// for. Never a stray TypeError, never an unhandled rejection, never a hang.
const events = ['eventgrid-schema-blobcreated-docs.json', 'cloudevents-blobcreated-docs.json', 'eventgrid-schema-blobdeleted-docs.json']
  .map((name) => vendorFixture<unknown[]>(name)[0]);

const mutation = mutatedEvent(events);

function expectWellTyped(event: ObjectEvent): void {
  expect(['object.created', 'object.deleted']).toContain(event.type);
  for (const field of [event.id, event.source, event.time, event.data.bucket, event.data.key]) expect(typeof field === 'string' && field !== '').toBe(true);
  expect(event.data.size === undefined || (Number.isSafeInteger(event.data.size) && event.data.size >= 0)).toBe(true);
  for (const field of [event.data.etag, event.data.contentType, event.data.sequencer]) expect(field === undefined || typeof field === 'string').toBe(true);
}

const withinTwoSeconds = <T>(promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('delivery hung')), 2000))]);

describe('any mutation of a vendor Blob Storage event', () => {
  const recorder = recordingFunction({ name: 'fuzz-grid' });
  const hookRecorder = recordingFunction({ name: 'fuzz-hook' });
  let grid: DeployedObjectFunction;
  let hook: DeployedObjectFunction;
  beforeAll(async () => {
    vi.stubEnv('FAASADE_BUCKET_IMAGES', '');
    grid = await deployObjectFunction(recorder.fn);
    hook = await deployObjectFunction(hookRecorder.fn, { objectTrigger: 'webhook', authLevel: 'anonymous' });
  });
  afterAll(async () => {
    await grid?.close();
    await hook?.close();
    vi.unstubAllEnvs();
  });

  it('on the Event Grid trigger: a typed event, a skip, or a logged rejection with a path; the delivery acknowledged', async () => {
    await fc.assert(fc.asyncProperty(mutation, async (mutated) => {
      recorder.seen.length = 0;
      const answer = await withinTwoSeconds(grid.eventGrid([mutated]));
      if (typeof mutated !== 'object' || mutated === null || Array.isArray(mutated)) {
        // The host's trigger binding takes JSON objects only: the worker never sees it.
        expect(answer.status).toBe(500);
        return;
      }
      expect(answer.status).toBe(202);
      for (const { event } of recorder.seen) expectWellTyped(event);
      for (const line of faasadeLogs(answer.invocations).filter((l) => l.level === 'error')) {
        expect(['MalformedEvent', 'UnknownEventShape']).toContain(line.code);
        expect(String(line.path)).toMatch(/^event(\.|$)/);
      }
    }), fuzzParameters('Azure Event Grid trigger, mutated blob events', 400));
  });

  it('by webhook: 200 with a typed event or a skip, or 400 naming the path of each malformed event', async () => {
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (batch) => {
      hookRecorder.seen.length = 0;
      const response = await withinTwoSeconds(hook.http(deliveryRequest('/events/fuzz-hook', batch)));
      for (const { event } of hookRecorder.seen) expectWellTyped(event);
      expect([200, 400]).toContain(response.status);
      if (response.status === 400) {
        const body = JSON.parse(new TextDecoder().decode(response.body)) as { errors?: Array<{ path: string }> };
        for (const error of body.errors ?? []) expect(error.path).toMatch(/^body\[\d\](\.|$)/);
      }
    }), fuzzParameters('Azure webhook, batches of mutated blob events', 300));
  });
});
