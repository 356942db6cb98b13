import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliver, s3Fixture, vendorEvent } from './support.js';

// S3 event notifications invoking the function directly (asynchronous invocations).
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('S3 event notifications', () => {
  it('hands the vendor ObjectCreated:Put record to the handler as a neutral object.created event', async () => {
    const event = vendorEvent('s3-objectcreated-put.json');
    const { result, error, events, invocationIds } = await deliver(event);
    expect([result, error]).toEqual([undefined, undefined]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      specversion: '1.0',
      type: 'object.created',
      source: 's3://lambda-artifacts-deafc19498e3f2df',
      subject: 'b21b84d653bb07b05b1e6b33684dc11b',
      time: '2019-09-03T19:37:27.192Z',
      cloud: 'aws',
      data: {
        bucket: 'lambda-artifacts-deafc19498e3f2df',
        key: 'b21b84d653bb07b05b1e6b33684dc11b',
        size: 1305107,
        etag: '"b21b84d653bb07b05b1e6b33684dc11b"',
        sequencer: '0C0F6F405D6ED209E1',
      },
    });
    expect(events[0]!.raw).toBe(event.Records[0]);
    expect(invocationIds).toEqual(['req-1']);
  });

  it('hands the vendor ObjectRemoved:Delete record over as object.deleted, without size or etag', async () => {
    const { events } = await deliver(vendorEvent('s3-objectremoved-delete.json'));
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['object.deleted', { bucket: 'lambda-artifacts-deafc19498e3f2df', key: 'b21b84d653bb07b05b1e6b33684dc11b', sequencer: '0C0F6F405D6ED209E1' }],
    ]);
  });

  it('gives the same event the same id on every delivery, and different records different ids', async () => {
    const first = await deliver(s3Fixture('s3-put-encoded-keys.json'));
    const again = await deliver(s3Fixture('s3-put-encoded-keys.json'), {}, 'req-2');
    expect(first.events.map((e) => e.id)).toEqual(again.events.map((e) => e.id));
    expect(new Set(first.events.map((e) => e.id)).size).toBe(4);
    expect(first.events[0]!.id.startsWith('REQ1-')).toBe(true);
  });

  it('decodes keys: + is a space, %2B a plus, %xx escapes UTF-8, %25 a percent sign', async () => {
    const { keys, events } = await deliver(s3Fixture('s3-put-encoded-keys.json'));
    expect(keys).toEqual(['uploads/summer trip/beach 1.jpg', 'uploads/a+b c.jpg', 'uploads/été/Köln 🎉.jpg', 'uploads/100% done? (copy).jpg']);
    expect(events.map((e) => e.subject)).toEqual(keys);
    expect(events[2]!.data.versionId).toBe('3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY');
  });

  it('maps delete markers and lifecycle expirations to object.deleted', async () => {
    const marker = await deliver(s3Fixture('s3-delete-marker.json'));
    expect(marker.events.map((e) => [e.type, e.data.key, e.data.versionId])).toEqual([['object.deleted', 'uploads/old photo.jpg', '1.dMkq9Al9G8xM0iVZbdSBV2pTaKMvwEM']]);
    const expired = await deliver(s3Fixture('s3-lifecycle-expiration.json'));
    expect(expired.events.map((e) => [e.type, e.data.key])).toEqual([['object.deleted', 'uploads/expired.jpg']]);
  });

  it('acknowledges other S3 event types (debug) and the s3:TestEvent (info) without running the handler', async () => {
    vi.stubEnv('LOG_LEVEL', 'debug');
    for (const [name, level] of [['s3-restore-completed.json', 'debug'], ['s3-test-event.json', 'info']] as const) {
      const { result, error, events, logs } = await deliver(s3Fixture(name));
      expect([result, error, events]).toEqual([undefined, undefined, []]);
      expect(logs).toEqual([expect.objectContaining({ level, invocationId: 'req-1', reason: expect.any(String) })]);
    }
  });

  it('skips events outside the binding, prefix, suffix or event types, with a debug line naming why', async () => {
    vi.stubEnv('FAASADE_BUCKET_IMAGES', 's3://faasade-images?region=eu-west-1');
    vi.stubEnv('LOG_LEVEL', 'debug');
    const options = { prefix: 'uploads/', suffix: '.jpg', events: ['created'] as const };
    const other = await deliver(s3Fixture('s3-put-other-bucket.json'), options);
    const outside = await deliver(s3Fixture('s3-put-outside-filters.json'), options);
    const deleted = await deliver(s3Fixture('s3-delete-marker.json'), options);
    const reasons = (logs: Array<Record<string, unknown>>) => logs.filter((l) => l.level === 'debug').map((l) => l.reason);
    expect([other.events, outside.events, deleted.events]).toEqual([[], [], []]);
    expect([reasons(other.logs), reasons(outside.logs), reasons(deleted.logs)]).toEqual([['bucket'], ['prefix', 'suffix', 'prefix'], ['event-type']]);
    expect((await deliver(s3Fixture('s3-put-encoded-keys.json'), options)).events).toHaveLength(4);
  });

  it('fails the invocation with the handler error, so Lambda retries and then uses the on-failure destination', async () => {
    const event = s3Fixture('s3-put-encoded-keys.json');
    event.Records[1].s3.object.key = 'uploads/fail.jpg';
    const { error, keys, logs } = await deliver(event);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('refusing uploads/fail.jpg');
    // The other records ran: one failure does not stop the rest of the notification.
    expect(keys).toHaveLength(4);
    expect(logs.filter((l) => l.level === 'error')).toEqual([expect.objectContaining({ key: 'uploads/fail.jpg', invocationId: 'req-1' })]);
    event.Records[2].s3.object.key = 'uploads/fail+again.jpg';
    const both = await deliver(event);
    expect(both.error).toBeInstanceOf(AggregateError);
    expect((both.error as AggregateError).errors).toHaveLength(2);
  });
});

describe('malformed S3 records are logged with the field and acknowledged (poison)', () => {
  const cases: Array<[file: string, code: string, path: string]> = [
    ['s3-malformed-broken-escape.json', 'MalformedEvent', 'Records[0].s3.object.key'],
    ['s3-malformed-no-key.json', 'MalformedEvent', 'Records[0].s3.object.key'],
    ['s3-malformed-size-string.json', 'MalformedEvent', 'Records[0].s3.object.size'],
    ['s3-malformed-event-time.json', 'MalformedEvent', 'Records[0].eventTime'],
    ['s3-malformed-one-of-two.json', 'MalformedEvent', 'Records[0].s3.bucket'],
  ];
  for (const [file, code, path] of cases) {
    it(`${file} → ${code} at ${path}`, async () => {
      const { result, error, logs } = await deliver(s3Fixture(file));
      expect([result, error]).toEqual([undefined, undefined]);
      expect(logs.filter((l) => l.level === 'error')).toEqual([expect.objectContaining({ code, path, invocationId: 'req-1' })]);
    });
  }

  it('still runs the good record beside a malformed one', async () => {
    expect((await deliver(s3Fixture('s3-malformed-one-of-two.json'))).keys).toEqual(['uploads/second.jpg']);
  });
});
