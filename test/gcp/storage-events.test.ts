import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ObjectEvent } from '@faasade/core';
import { deliverCloudEvent, deliverLegacyEvent, type ContentMode } from './event-sender.js';
import { derivedFixture, vendorFixture, type Json } from './fixtures.js';
import { logsDuring, recordingObjectFunction, serveInProcess, type InProcessEvents } from './in-process-events.js';

/**
 * The vendor Cloud Storage events, and cases derived from them, POSTed over HTTP to the
 * Functions Framework (in this process, `getTestServer`) serving an object function
 * through the adapter, in each way Google delivers them: CloudEvents in binary and
 * structured content mode, and legacy background events that the framework converts.
 */

const ceInput = vendorFixture('conformance/storage-cloudevent-input.json');
const ceOutput = vendorFixture('conformance/storage-cloudevent-output.json');
const legacyInput = vendorFixture('conformance/storage-legacy-input.json');
const modes: ContentMode[] = ['binary', 'structured'];

// The conformance event, neutral: the key is the object name, generation orders writes, and
// the etag is generation.metageneration, as the GCS driver reports it.
const finalized = {
  specversion: '1.0',
  id: 'aaaaaa-1111-bbbb-2222-cccccccccccc',
  source: 'gs://some-bucket',
  type: 'object.created',
  time: '2020-09-29T11:32:00.123Z',
  subject: 'folder/Test.cs',
  cloud: 'gcp',
  data: { bucket: 'some-bucket', key: 'folder/Test.cs', size: 352, etag: '1587627537231057.1', contentType: 'text/plain', versionId: '1587627537231057', sequencer: '1587627537231057' },
};
const neutral = ({ raw: _raw, ...event }: ObjectEvent) => event;
// In binary mode `datacontenttype` travels as Content-Type, which the framework does not copy back.
const asDelivered = (event: Json, mode: ContentMode) => {
  if (mode === 'structured') return event;
  const { datacontenttype: _type, ...rest } = event;
  return rest;
};

const recorder = recordingObjectFunction({ name: 'gcp-storage-events' });
let served: InProcessEvents;
beforeAll(async () => {
  served = await serveInProcess(recorder.fn);
});
afterAll(() => served.close());
beforeEach(() => {
  recorder.events.length = 0;
  vi.stubEnv('FAASADE_BUCKET_IMAGES', '');
  vi.stubEnv('LOG_LEVEL', 'debug');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('gcp: the vendor storage events become the neutral event', () => {
  it.each(modes)('the conformance CloudEvent in %s mode: acknowledged, the raw CloudEvent as the conformance output says', async (mode) => {
    const delivery = await deliverCloudEvent(served.port, ceInput, mode);
    expect(delivery.status).toBe(204);
    expect(recorder.events.map(neutral)).toEqual([finalized]);
    expect(recorder.events[0]!.raw).toEqual(asDelivered(ceOutput, mode));
  });

  it('the conformance legacy event: converted by the framework into the conformance output CloudEvent', async () => {
    expect((await deliverLegacyEvent(served.port, legacyInput)).status).toBe(204);
    expect(recorder.events.map(neutral)).toEqual([finalized]);
    expect(recorder.events[0]!.raw).toEqual(ceOutput);
  });

  it('the StorageObjectData sample as the body of a binary-mode event', async () => {
    const data = vendorFixture('storageobjectdata-simple.json');
    const event = { specversion: '1.0', id: '8233427916405185', type: 'google.cloud.storage.object.v1.finalized', source: '//storage.googleapis.com/projects/_/buckets/sample-bucket', subject: 'objects/folder/Test.cs', time: '2020-04-23T07:38:57.230Z', datacontenttype: 'application/json', data };
    expect((await deliverCloudEvent(served.port, event, 'binary')).status).toBe(204);
    expect(recorder.events.map(neutral)).toEqual([{
      ...finalized, id: '8233427916405185', source: 'gs://sample-bucket', time: '2020-04-23T07:38:57.230Z', data: { ...finalized.data, bucket: 'sample-bucket' },
    }]);
  });

  it.each([
    ['CloudEvent', (port: number) => deliverCloudEvent(port, vendorFixture('conformance/pubsub_text-cloudevent-input.json'), 'structured')],
    ['legacy event', (port: number) => deliverLegacyEvent(port, vendorFixture('conformance/pubsub_text-legacy-input.json'))],
  ])('a Pub/Sub %s sent to a storage function: UnknownEventShape logged, acknowledged', async (_what, deliver) => {
    let status = 0;
    const logs = await logsDuring(async () => {
      status = (await deliver(served.port)).status;
    });
    expect(status).toBe(204);
    expect(recorder.events).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', code: 'UnknownEventShape', path: 'type' }));
  });
});

describe('gcp: derived storage events', () => {
  const unicode = derivedFixture('storage-finalized-unicode-key.json');
  const unicodeKey = 'uploads/Été 2024/café au lait #1 (copy) 100%.jpg';

  it.each(modes)('a key with unicode, spaces, # and %% arrives exactly as named in %s mode', async (mode) => {
    expect((await deliverCloudEvent(served.port, unicode, mode)).status).toBe(204);
    expect(recorder.events.map((e) => [e.data.key, e.subject])).toEqual([[unicodeKey, unicodeKey]]);
  });

  it('the same key in a legacy event', async () => {
    expect((await deliverLegacyEvent(served.port, derivedFixture('storage-legacy-finalize-unicode-key.json'))).status).toBe(204);
    expect(recorder.events.map((e) => e.data.key)).toEqual([unicodeKey]);
  });

  it.each([
    ['CloudEvent (binary)', (port: number) => deliverCloudEvent(port, derivedFixture('storage-deleted.json'), 'binary')],
    ['legacy google.storage.object.delete', (port: number) => deliverLegacyEvent(port, derivedFixture('storage-legacy-delete.json'))],
  ])('a deleted object: object.deleted from a %s', async (_what, deliver) => {
    expect((await deliver(served.port)).status).toBe(204);
    expect(recorder.events.map(neutral)).toEqual([{ ...finalized, id: 'dddddd-4444-eeee-5555-ffffffffffff', type: 'object.deleted' }]);
  });

  it('skips an event from a bucket the binding does not name, and handles one from the bound bucket', async () => {
    vi.stubEnv('FAASADE_BUCKET_IMAGES', 'gs://some-bucket');
    const logs = await logsDuring(async () => {
      expect((await deliverCloudEvent(served.port, derivedFixture('storage-finalized-other-bucket.json'), 'binary')).status).toBe(204);
    });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'debug', reason: 'bucket', bucket: 'someone-elses-bucket' }));
    expect((await deliverCloudEvent(served.port, ceInput, 'binary')).status).toBe(204);
    expect(recorder.events.map((e) => e.data.bucket)).toEqual(['some-bucket']);
  });

  it.each([['storage-archived.json'], ['storage-metadata-updated.json']])('%s: acknowledged and skipped with a debug log', async (file) => {
    const event = derivedFixture(file);
    const logs = await logsDuring(async () => {
      expect((await deliverCloudEvent(served.port, event, 'binary')).status).toBe(204);
    });
    expect(recorder.events).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'debug', eventId: event.id, type: event.type }));
  });

  it.each([
    ['storage-malformed-no-name.json', 'MalformedEvent', 'data.name'],
    ['storage-malformed-size.json', 'MalformedEvent', 'data.size'],
    ['storage-malformed-source-bucket.json', 'MalformedEvent', 'source'],
    ['storage-malformed-no-specversion.json', 'MalformedEvent', 'specversion'],
  ])('%s: %s at %s logged, acknowledged (2xx) so it is not retried', async (file, code, path) => {
    for (const mode of modes) {
      let status = 0;
      const logs = await logsDuring(async () => {
        status = (await deliverCloudEvent(served.port, derivedFixture(file), mode)).status;
      });
      expect({ mode, status }).toEqual({ mode, status: 204 });
      expect(logs).toContainEqual(expect.objectContaining({ level: 'error', code, path }));
    }
    expect(recorder.events).toEqual([]);
  });

  it('a legacy event of a type the framework does not convert: UnknownEventShape logged, acknowledged', async () => {
    const logs = await logsDuring(async () => {
      expect((await deliverLegacyEvent(served.port, derivedFixture('storage-malformed-legacy-unknown-type.json'))).status).toBe(204);
    });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', code: 'UnknownEventShape', path: 'context.eventType' }));
  });
});

describe('gcp: the declared prefix is applied to vendor events', () => {
  const uploads = recordingObjectFunction({ name: 'gcp-storage-uploads', prefix: 'uploads/' });
  let servedUploads: InProcessEvents;
  beforeAll(async () => {
    servedUploads = await serveInProcess(uploads.fn);
  });
  afterAll(() => servedUploads.close());

  it('skips the conformance event (folder/Test.cs) for a function on uploads/, and handles an upload', async () => {
    const logs = await logsDuring(async () => {
      expect((await deliverCloudEvent(servedUploads.port, ceInput, 'binary')).status).toBe(204);
    });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'debug', reason: 'prefix', key: 'folder/Test.cs' }));
    expect((await deliverCloudEvent(servedUploads.port, derivedFixture('storage-finalized-unicode-key.json'), 'binary')).status).toBe(204);
    expect(uploads.events.map((e) => e.data.key)).toEqual(['uploads/Été 2024/café au lait #1 (copy) 100%.jpg']);
  });
});
