import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logsOf } from '../logs.js';
import { storageEvent } from './sample-events.js';
import { recordingFunction, serveEvents, toBinaryMode, type Delivery, type ServedEvents } from './serve-events.js';

type Event = ReturnType<typeof storageEvent>;
const withData = (change: (data: Record<string, unknown>) => void) => {
  const event = storageEvent() as Event & Record<string, unknown>;
  change(event.data as Record<string, unknown>);
  return event;
};
const without = (attribute: string) => {
  const event: Record<string, unknown> = storageEvent();
  delete event[attribute];
  return event;
};

// Every one of these can never succeed, however often it is delivered: acknowledged (so
// Eventarc does not retry it for a day) with an error log naming the code and the field.
const malformed: Array<[string, string, string, (served: ServedEvents) => Promise<Delivery>]> = [
  ['an empty JSON object (the framework passes it on as it is)', 'MalformedEvent', 'specversion', (s) => s.post({ 'content-type': 'application/json' }, '{}')],
  ['a JSON array', 'MalformedEvent', 'event', (s) => s.post({ 'content-type': 'application/json' }, '[1,2]')],
  ['binary mode without ce-specversion (the body is then taken for the event)', 'MalformedEvent', 'specversion', (s) => {
    const { headers, body } = toBinaryMode(storageEvent());
    delete headers['ce-specversion'];
    return s.post(headers, body);
  }],
  ['CloudEvents 0.3', 'MalformedEvent', 'specversion', (s) => s.structured({ ...storageEvent(), specversion: '0.3' })],
  ['no id', 'MalformedEvent', 'id', (s) => s.structured(without('id'))],
  ['no source', 'MalformedEvent', 'source', (s) => s.structured(without('source'))],
  ['no type', 'MalformedEvent', 'type', (s) => s.structured(without('type'))],
  ['a Pub/Sub event sent to a storage function', 'UnknownEventShape', 'type', (s) => s.structured({ ...storageEvent(), type: 'google.cloud.pubsub.topic.v1.messagePublished' })],
  ['no data', 'MalformedEvent', 'data', (s) => s.structured(without('data'))],
  ['data that is an array', 'MalformedEvent', 'data', (s) => s.structured({ ...storageEvent(), data: [] })],
  ['no object name', 'MalformedEvent', 'data.name', (s) => s.binary(withData((d) => delete d.name))],
  ['a numeric object name', 'MalformedEvent', 'data.name', (s) => s.binary(withData((d) => (d.name = 42)))],
  ['an empty bucket', 'MalformedEvent', 'data.bucket', (s) => s.binary(withData((d) => (d.bucket = '')))],
  ['a negative size', 'MalformedEvent', 'data.size', (s) => s.binary(withData((d) => (d.size = '-1')))],
  ['a fractional size', 'MalformedEvent', 'data.size', (s) => s.binary(withData((d) => (d.size = 1.5)))],
  ['a size past 2^64', 'MalformedEvent', 'data.size', (s) => s.binary(withData((d) => (d.size = '18446744073709551616')))],
  ['a generation that is not a number', 'MalformedEvent', 'data.generation', (s) => s.binary(withData((d) => (d.generation = 'latest')))],
  ['a metageneration that is not a number', 'MalformedEvent', 'data.metageneration', (s) => s.binary(withData((d) => (d.metageneration = true)))],
  ['a numeric content type', 'MalformedEvent', 'data.contentType', (s) => s.binary(withData((d) => (d.contentType = 7)))],
  ['a time that is not a time', 'MalformedEvent', 'time', (s) => s.structured({ ...storageEvent(), time: 'yesterday' })],
  ['a source naming another bucket than the data', 'MalformedEvent', 'source', (s) => s.structured({ ...storageEvent(), source: '//storage.googleapis.com/projects/_/buckets/elsewhere' })],
  ['a legacy event of a type the framework does not convert', 'UnknownEventShape', 'context.eventType', (s) => s.post({ 'content-type': 'application/json' }, JSON.stringify({ context: { eventId: '1', eventType: 'google.storage.object.touch', resource: 'x' }, data: {} }))],
  ['binary-mode data that is not JSON (a trigger set to application/protobuf)', 'InvalidBody', 'data', (s) => {
    const { headers } = toBinaryMode(storageEvent());
    return s.post({ ...headers, 'content-type': 'application/protobuf' }, new Uint8Array([0x0a, 0x05, 0x69, 0x6d]));
  }],
  ['binary-mode data that is not UTF-8', 'InvalidBody', 'data', (s) => {
    const { headers } = toBinaryMode(storageEvent());
    return s.post({ ...headers, 'content-type': 'application/octet-stream' }, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
  }],
  ['data_base64 that is not base64', 'InvalidBody', 'data_base64', (s) => s.structured({ ...without('data'), data_base64: 'not base64!' })],
];

describe('gcp object functions: malformed events are logged and acknowledged, never retried', () => {
  const { fn, calls } = recordingFunction();
  let served: ServedEvents;
  beforeAll(async () => {
    served = await serveEvents(fn);
  });
  afterAll(() => served.close());
  beforeEach(() => {
    calls.length = 0;
  });

  it.each(malformed)('%s → %s at %s', async (_what, code, path, deliver) => {
    let delivery: Delivery | undefined;
    const logs = await logsOf(async () => {
      delivery = await deliver(served);
    });
    expect(delivery!.status).toBe(204);
    expect(calls).toHaveLength(0);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', code, path, cloud: 'gcp' }));
  });

  it.each([
    ['a size given as a JSON number', (s: ServedEvents) => s.binary(withData((d) => (d.size = 48213)))],
    ['data as base64 in structured mode', (s: ServedEvents) => s.structured({ ...without('data'), data_base64: Buffer.from(JSON.stringify(storageEvent().data)).toString('base64') })],
    ['binary-mode JSON sent as application/octet-stream', (s: ServedEvents) => {
      const { headers, body } = toBinaryMode(storageEvent());
      return s.post({ ...headers, 'content-type': 'application/octet-stream' }, body);
    }],
    ['no time (the object\'s update time stands in)', (s: ServedEvents) => s.structured(without('time'))],
  ])('accepts %s', async (_what, deliver) => {
    expect((await deliver(served)).status).toBe(204);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.event.data).toMatchObject({ bucket: 'images-prod', key: 'uploads/cat.jpg', size: 48213 });
    expect(calls[0]!.event.time).toMatch(/^2024-05-02T10:11:12\.34/);
  });
});
