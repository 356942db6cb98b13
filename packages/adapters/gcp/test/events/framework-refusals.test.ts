import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyStorageEvent } from './sample-events.js';
import { recordingFunction, serveEvents, type ServedEvents } from './serve-events.js';

// What the Functions Framework does itself, before the adapter runs: the same on Cloud
// Run functions. Its legacy-event middleware reads the body as an object, so a body that
// is not JSON fails the request with its own 500 page; Eventarc never sends such bodies,
// but a hand-made POST would get this answer, not the adapter's error log. README.md says so.
const withResource = (event: ReturnType<typeof legacyStorageEvent>, resource: string) => ({ ...event, context: { ...event.context, resource } });

describe('gcp: deliveries the Functions Framework fails before a CloudEvent function runs', () => {
  const { fn, calls } = recordingFunction();
  let served: ServedEvents;
  beforeAll(async () => {
    served = await serveEvents(fn);
  });
  afterAll(() => served.close());

  it.each([
    ['a text body', { 'content-type': 'text/plain' }, 'hello'],
    ['a binary-mode event with no body', { 'ce-id': '1', 'ce-type': 'google.cloud.storage.object.v1.finalized', 'ce-source': '//storage.googleapis.com/projects/_/buckets/b', 'ce-specversion': '1.0' }, ''],
    ['a legacy storage event whose resource names a real project (only "projects/_/" converts)', { 'content-type': 'application/json' },
      JSON.stringify(withResource(legacyStorageEvent('google.storage.object.finalize'), 'projects/my-project/buckets/b/objects/k'))],
  ])('%s → 500 from the framework, the function not called', async (_what, headers, body) => {
    const delivery = await served.post(headers as Record<string, string>, body);
    expect(delivery.status).toBe(500);
    expect(calls).toHaveLength(0);
  });

  it('answers malformed JSON with 400 before the function runs', async () => {
    const delivery = await served.post({ 'content-type': 'application/cloudevents+json' }, '{"specversion":');
    expect(delivery.status).toBe(400);
    expect(calls).toHaveLength(0);
  });
});
