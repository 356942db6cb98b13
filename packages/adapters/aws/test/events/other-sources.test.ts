import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventDecodeError, FaasadeConfigError, onHttp, onObject, text } from '@faasade/core';
import { lambdaHandler, lambdaObjectHandler } from '../../src/index.js';
import { deliver, lambdaContext, s3Fixture, vendorEvent } from './support.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('SNS → Lambda', () => {
  it('hands the S3 notification in the SNS message to the handler', async () => {
    const { result, keys, events } = await deliver(s3Fixture('sns-s3-notification.json'));
    expect(result).toBeUndefined();
    expect(keys).toEqual(['uploads/via sns direct.jpg']);
    expect(events[0]!.raw).toMatchObject({ eventSource: 'aws:s3' });
  });

  it('acknowledges the vendor SNS message, which is no S3 notification, with an error naming the field', async () => {
    const { result, error, events, logs } = await deliver(vendorEvent('sns-notification.json'));
    expect([result, error, events]).toEqual([undefined, undefined, []]);
    expect(logs.filter((l) => l.level === 'error').map((l) => [l.messageId, l.code, l.path])).toEqual([
      ['95df01b4-ee98-5cb9-9903-4c221d41eb5e', 'MalformedEvent', 'Records[0].Sns.Message'],
    ]);
  });

  it('fails the invocation when the handler throws', async () => {
    const event = s3Fixture('sns-s3-notification.json');
    event.Records[0].Sns.Message = event.Records[0].Sns.Message.replace('via+sns+direct', 'fail');
    expect(((await deliver(event)).error as Error).message).toBe('refusing uploads/fail.jpg');
  });
});

describe('EventBridge', () => {
  it('hands the vendor Object Created event over with its id, time and unencoded key', async () => {
    const event = vendorEvent('s3-eventbridge-object-created.json');
    const { result, events } = await deliver(event);
    expect(result).toBeUndefined();
    expect(events).toEqual([expect.objectContaining({
      id: 'f5f1e65c-dc3a-93ca-6c1e-b1647eac7963', type: 'object.created', source: 's3://example-bucket', time: '2023-03-08T17:50:14Z', subject: 'IMG_m7fzo3.jpg',
      data: { bucket: 'example-bucket', key: 'IMG_m7fzo3.jpg', size: 184662, etag: '"4e68adba0abe2dc8653dc3354e14c01d"', sequencer: '006408CAD69598B05E' },
    })]);
    expect(events[0]!.raw).toBe(event);
  });

  it('takes Object Deleted keys as they are: + and %25 stay', async () => {
    const { events } = await deliver(s3Fixture('eventbridge-object-deleted.json'));
    expect(events.map((e) => [e.type, e.data.key, e.data.versionId])).toEqual([['object.deleted', 'uploads/a+b 100%25.jpg', '1.dMkq9Al9G8xM0iVZbdSBV2pTaKMvwEM']]);
  });

  it('acknowledges other S3 detail types, and a malformed S3 event with an error naming the field', async () => {
    vi.stubEnv('LOG_LEVEL', 'debug');
    const restore = await deliver(s3Fixture('eventbridge-object-restore.json'));
    expect([restore.result, restore.error, restore.events]).toEqual([undefined, undefined, []]);
    const broken = await deliver(s3Fixture('eventbridge-malformed-no-key.json'));
    expect([broken.result, broken.error, broken.events]).toEqual([undefined, undefined, []]);
    expect(broken.logs.filter((l) => l.level === 'error')).toEqual([expect.objectContaining({ code: 'MalformedEvent', path: 'detail.object.key', eventId: 'f5f1e65c-dc3a-93ca-6c1e-b1647eac7963' })]);
  });

  it('fails a scheduled event with UnknownEventShape: the function is wired to the wrong source', async () => {
    const { error, logs } = await deliver(vendorEvent('eventbridge-scheduled-event.json'));
    expect(error).toBeInstanceOf(EventDecodeError);
    expect((error as EventDecodeError).code).toBe('UnknownEventShape');
    expect(logs).toEqual([expect.objectContaining({ level: 'error', code: 'UnknownEventShape', invocationId: 'req-1' })]);
  });
});

describe('lambdaHandler for object functions', () => {
  it('fails HTTP events and non-objects with UnknownEventShape, logged once', async () => {
    for (const event of [vendorEvent('apigw-v2-http-jwt-cookies.json'), null, 'text', [], { Records: [] }, { Records: [42] }]) {
      const { error, logs } = await deliver(event);
      expect((error as EventDecodeError).code).toBe('UnknownEventShape');
      expect(logs).toHaveLength(1);
    }
  });

  it('answers a warm-up ping without running the handler', async () => {
    const { result, events } = await deliver({ faasade: 'warmup' });
    expect(result).toEqual({ faasade: 'warmup', coldStart: true });
    expect(events).toEqual([]);
  });

  it('is what lambdaObjectHandler returns, and refuses anything but an object function', async () => {
    const fn = onObject({ name: 'o', bucket: 'images' }, () => {});
    const viaObject = await lambdaObjectHandler(fn)(vendorEvent('s3-via-sqs.json'), lambdaContext());
    const viaGeneric = await lambdaHandler(fn)(vendorEvent('s3-via-sqs.json'), lambdaContext());
    expect(viaGeneric).toEqual(viaObject);
    expect(() => lambdaObjectHandler(onHttp({ name: 'h', route: '/h' }, () => text('')) as never)).toThrow(FaasadeConfigError);
    expect(() => lambdaHandler({ trigger: 'queue' } as never)).toThrow(FaasadeConfigError);
  });
});
