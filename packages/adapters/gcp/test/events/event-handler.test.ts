import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { gcpPlatform } from '../../src/index.js';
import { logsOf } from '../logs.js';
import { legacyStorageEvent, storageEvent } from './sample-events.js';
import { recordingFunction, serveEvents, type ServedEvents } from './serve-events.js';

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'debug');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('gcp object functions: what each delivery is answered, and so whether Eventarc retries', () => {
  const { fn, calls, control } = recordingFunction();
  let served: ServedEvents;
  beforeAll(async () => {
    served = await serveEvents(fn);
  });
  afterAll(() => served.close());
  beforeEach(() => {
    calls.length = 0;
    control.fail = undefined;
  });

  it('acknowledges a handled event (2xx) and gives the handler the neutral event, the CloudEvent id and the raw event', async () => {
    const event = storageEvent();
    const delivery = await served.binary(event);
    expect(delivery.status).toBe(204);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.event).toMatchObject({
      id: event.id, type: 'object.created', source: 'gs://images-prod', subject: 'uploads/cat.jpg', time: event.time, cloud: 'gcp',
      // etag: generation.metageneration, what the GCS driver reports and takes as ifMatch.
      data: { bucket: 'images-prod', key: 'uploads/cat.jpg', size: 48213, contentType: 'image/jpeg', etag: '1714644672345678.1', versionId: '1714644672345678', sequencer: '1714644672345678' },
    });
    expect(calls[0]!.invocationId).toBe(event.id);
    expect(calls[0]!.event.raw).toMatchObject({ id: event.id, type: event.type, data: { md5Hash: event.data.md5Hash } });
  });

  it("reaches the framework's CloudEvent through gcpPlatform", async () => {
    await served.structured(storageEvent());
    const ctx = { cloud: 'gcp', platform: calls[0]!.platform } as Parameters<typeof gcpPlatform>[0];
    const gcp = gcpPlatform(ctx);
    expect(gcp?.trigger).toBe('cloudEvent');
    expect(gcp?.trigger === 'cloudEvent' && gcp.cloudEvent).toBe(calls[0]!.event.raw);
  });

  it('fails the invocation (500, X-Google-Status: error) when the handler throws, logging the error once with the event id', async () => {
    control.fail = new Error('database password is hunter2');
    const event = storageEvent({ id: 'evt-fails' });
    let delivery;
    const printed: unknown[][] = [];
    const stderr = vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args));
    const logs = await logsOf(async () => {
      delivery = await served.structured(event);
    }).finally(() => stderr.mockRestore());
    expect(delivery).toMatchObject({ status: 500, googleStatus: 'error' });
    expect(delivery!.body).not.toMatch(/hunter2/);
    // The framework prints the stack of what it was given: one line, no second copy of the error.
    expect(printed).toEqual([[expect.stringMatching(/^ObjectEventFailed: event "evt-fails" failed[^\n]*$/)]]);
    const errors = logs.filter((entry) => entry.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ eventId: 'evt-fails', key: 'uploads/cat.jpg', error: expect.objectContaining({ stack: expect.stringContaining('hunter2') }) });
  });

  it('runs the handler again when the failed event is delivered again, and acknowledges it once it succeeds', async () => {
    const event = storageEvent({ id: 'evt-retried' });
    control.fail = new Error('storage unavailable');
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    await logsOf(async () => {
      expect((await served.binary(event)).status).toBe(500);
    }).finally(() => stderr.mockRestore());
    control.fail = undefined;
    expect((await served.binary(event)).status).toBe(204);
    expect(calls.map((call) => call.event.id)).toEqual(['evt-retried', 'evt-retried']);
  });

  it.each([
    ['google.cloud.storage.object.v1.archived'],
    ['google.cloud.storage.object.v1.metadataUpdated'],
  ])('acknowledges and skips %s with a debug log', async (type) => {
    let status = 0;
    const logs = await logsOf(async () => {
      status = (await served.structured(storageEvent({ type, id: 'evt-other' }))).status;
    });
    expect(status).toBe(204);
    expect(calls).toHaveLength(0);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'debug', eventId: 'evt-other', type }));
  });
});

describe('gcp object functions: the declaration filters are applied in the adapter too', () => {
  const { fn, calls } = recordingFunction({ events: ['created'], prefix: 'uploads/', suffix: '.jpg' });
  let served: ServedEvents;
  beforeAll(async () => {
    served = await serveEvents(fn);
  });
  afterAll(() => served.close());
  beforeEach(() => {
    calls.length = 0;
  });

  it.each([
    ['a key outside the prefix', storageEvent({ name: 'processed/cat/320.jpg' }), 'prefix'],
    ['a key with another suffix', storageEvent({ name: 'uploads/cat.png' }), 'suffix'],
    ['a deleted object when only created is declared', storageEvent({ type: 'google.cloud.storage.object.v1.deleted' }), 'event-type'],
  ])('acknowledges and skips %s with a debug log naming the reason', async (_what, event, reason) => {
    let status = 0;
    const logs = await logsOf(async () => {
      status = (await served.binary(event)).status;
    });
    expect(status).toBe(204);
    expect(calls).toHaveLength(0);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'debug', reason, eventId: event.id }));
  });

  it('skips events from a bucket other than the one FAASADE_BUCKET_IMAGES binds', async () => {
    vi.stubEnv('FAASADE_BUCKET_IMAGES', 'gs://images-prod');
    const logs = await logsOf(async () => {
      expect((await served.binary(storageEvent({ bucket: 'images-staging' }))).status).toBe(204);
    });
    expect(calls).toHaveLength(0);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'debug', reason: 'bucket', bucket: 'images-staging' }));
    expect((await served.binary(storageEvent({ bucket: 'images-prod' }))).status).toBe(204);
    expect(calls.map((call) => call.event.data.bucket)).toEqual(['images-prod']);
  });

  it('handles a matching legacy background event the framework converted', async () => {
    const delivery = await served.post({ 'content-type': 'application/json' }, JSON.stringify(legacyStorageEvent('google.storage.object.finalize')));
    expect(delivery.status).toBe(204);
    expect(calls.map((call) => call.event.type)).toEqual(['object.created']);
  });
});
