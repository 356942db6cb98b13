import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoObjects, echoUploads } from '../fixtures/aws/echo-object-function.js';
import { derivedEvent, invocationLines, receivedEvents, vendorEvent } from './object-runtime.js';
import { startRicFunction, type RicFunction } from './ric-function.js';

// Object functions inside the real aws-lambda-ric: the vendor S3, SQS, SNS and EventBridge
// events and our derived cases as raw invocations, asserting what the handler received,
// what the adapter logged and what Lambda got back.

let all: RicFunction;
let uploads: RicFunction;
beforeAll(async () => {
  [all, uploads] = await Promise.all([
    startRicFunction(echoObjects, { env: { LOG_LEVEL: 'debug' } }),
    startRicFunction(echoUploads, { env: { LOG_LEVEL: 'debug', FAASADE_BUCKET_IMAGES: 's3://faasade-images?region=eu-west-1' } }),
  ]);
}, 900_000); // the first run may build the runtime client's native addon
afterAll(async () => {
  await Promise.all([all?.close(), uploads?.close()]);
});

const ARTIFACTS = 'lambda-artifacts-deafc19498e3f2df';

describe('vendor events → lambdaHandler(object function) inside aws-lambda-ric', () => {
  it('s3-objectcreated-put.json: one object.created event, the request id as invocation id, nothing returned', async () => {
    const outcome = await all.invoke(vendorEvent('s3-objectcreated-put.json'));
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    expect(await invocationLines(all, outcome, 1)).toEqual([['received', 'object.created', 'b21b84d653bb07b05b1e6b33684dc11b']]);
    const [line] = receivedEvents(all, outcome);
    expect(line).toMatchObject({
      cloud: 'aws', rawKeys: expect.arrayContaining(['eventName', 's3']), deliveredKeys: ['Records'],
      event: {
        specversion: '1.0', type: 'object.created', source: `s3://${ARTIFACTS}`, subject: 'b21b84d653bb07b05b1e6b33684dc11b', time: '2019-09-03T19:37:27.192Z', cloud: 'aws',
        data: { bucket: ARTIFACTS, key: 'b21b84d653bb07b05b1e6b33684dc11b', size: 1305107, etag: '"b21b84d653bb07b05b1e6b33684dc11b"', sequencer: '0C0F6F405D6ED209E1' },
      },
    });
  });

  it('s3-objectremoved-delete.json: object.deleted without size or etag', async () => {
    const outcome = await all.invoke(vendorEvent('s3-objectremoved-delete.json'));
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    expect(await invocationLines(all, outcome, 1)).toEqual([['received', 'object.deleted', 'b21b84d653bb07b05b1e6b33684dc11b']]);
    expect(receivedEvents(all, outcome)[0]!.event).toMatchObject({ data: { bucket: ARTIFACTS, key: 'b21b84d653bb07b05b1e6b33684dc11b', sequencer: '0C0F6F405D6ED209E1' } });
    expect(Object.keys((receivedEvents(all, outcome)[0]!.event as { data: object }).data).sort()).toEqual(['bucket', 'key', 'sequencer']);
  });

  it('s3-via-sqs.json: the S3 record in the message body, and an empty batchItemFailures', async () => {
    const outcome = await all.invoke(vendorEvent('s3-via-sqs.json'));
    expect(outcome).toMatchObject({ kind: 'response', payload: { batchItemFailures: [] } });
    expect(await invocationLines(all, outcome, 1)).toEqual([['received', 'object.created', 'test.pdf']]);
    expect(receivedEvents(all, outcome)[0]).toMatchObject({
      deliveredKeys: ['Records'],
      event: { source: 's3://xxx', data: { bucket: 'xxx', key: 'test.pdf', size: 104681, etag: '"2e3ad1e983318bbd8e73b080e2997980"', versionId: 'yd3d4HaWOT2zguDLvIQLU6ptDTwKBnQV' } },
    });
  });

  it('sqs-batch-two-records.json: messages that are not S3 notifications are poison — logged, acknowledged', async () => {
    const outcome = await all.invoke(vendorEvent('sqs-batch-two-records.json'));
    expect(outcome).toMatchObject({ kind: 'response', payload: { batchItemFailures: [] } });
    expect(await invocationLines(all, outcome, 2)).toEqual([
      ['rejected', 'MalformedEvent', 'Records[0].body', '059f36b4-87a3-44ab-83d2-661975830a7d'],
      ['rejected', 'UnknownEventShape', 'Records[1].body', '2e1424d4-f796-459a-8184-9c92662be6da'],
    ]);
  });

  it('sns-notification.json: an SNS message that is not an S3 notification is logged and acknowledged', async () => {
    const outcome = await all.invoke(vendorEvent('sns-notification.json'));
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    expect(await invocationLines(all, outcome, 1)).toEqual([['rejected', 'MalformedEvent', 'Records[0].Sns.Message', '95df01b4-ee98-5cb9-9903-4c221d41eb5e']]);
  });

  it('s3-eventbridge-object-created.json: the EventBridge id, time and key as they are', async () => {
    const outcome = await all.invoke(vendorEvent('s3-eventbridge-object-created.json'));
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    expect(await invocationLines(all, outcome, 1)).toEqual([['received', 'object.created', 'IMG_m7fzo3.jpg']]);
    expect(receivedEvents(all, outcome)[0]!.event).toMatchObject({
      id: 'f5f1e65c-dc3a-93ca-6c1e-b1647eac7963', time: '2023-03-08T17:50:14Z', source: 's3://example-bucket',
      data: { bucket: 'example-bucket', key: 'IMG_m7fzo3.jpg', size: 184662, etag: '"4e68adba0abe2dc8653dc3354e14c01d"', sequencer: '006408CAD69598B05E' },
    });
  });

  it('eventbridge-scheduled-event.json: not an object event — the invocation fails with EventDecodeError', async () => {
    const outcome = await all.invoke(vendorEvent('eventbridge-scheduled-event.json'));
    expect(outcome).toMatchObject({ kind: 'error', payload: { errorType: 'EventDecodeError' } });
    expect(await invocationLines(all, outcome, 1)).toEqual([['unknown', 'UnknownEventShape']]);
  });

  it('HTTP vendor events: also refused with EventDecodeError', async () => {
    const outcome = await all.invoke(vendorEvent('apigw-v2-http-jwt-cookies.json'));
    expect(outcome).toMatchObject({ kind: 'error', payload: { errorType: 'EventDecodeError' } });
  });
});

describe('derived cases inside aws-lambda-ric', () => {
  it('decodes URL-encoded keys: +, %2B, UTF-8 escapes, %25', async () => {
    const outcome = await uploads.invoke(derivedEvent('s3-put-encoded-keys.json'));
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    expect(await invocationLines(uploads, outcome, 4)).toEqual([
      ['received', 'object.created', 'uploads/summer trip/beach 1.jpg'],
      ['received', 'object.created', 'uploads/a+b c.jpg'],
      ['received', 'object.created', 'uploads/été/Köln 🎉.jpg'],
      ['received', 'object.created', 'uploads/100% done? (copy).jpg'],
    ]);
  });

  it('skips another bucket, other prefixes and suffixes, deletes, and other event types, acknowledging each', async () => {
    const names = ['s3-put-other-bucket.json', 's3-put-outside-filters.json', 's3-delete-marker.json', 's3-restore-completed.json', 'eventbridge-object-restore.json'];
    const lines = [];
    for (const name of names) {
      const outcome = await uploads.invoke(derivedEvent(name));
      expect(outcome, name).toMatchObject({ kind: 'response', payload: null });
      lines.push(...(await invocationLines(uploads, outcome, name === 's3-put-outside-filters.json' ? 3 : 1)));
    }
    expect(lines).toEqual([
      ['skipped', 'bucket', 'uploads/cat.jpg'],
      ['skipped', 'prefix', 'notes/cat.jpg'],
      ['skipped', 'suffix', 'uploads/cat.png'],
      ['skipped', 'prefix', 'processed/cat/320.jpg'],
      ['skipped', 'event-type', 'uploads/old photo.jpg'],
      ['ignored', 'debug', undefined],
      ['ignored', 'debug', undefined],
    ]);
  });

  it('reports only the failing message of a mixed SQS batch in batchItemFailures', async () => {
    const outcome = await uploads.invoke(derivedEvent('sqs-mixed-batch.json'));
    expect(outcome).toMatchObject({ kind: 'response', payload: { batchItemFailures: [{ itemIdentifier: '11111111-0000-4000-8000-000000000002' }] } });
    expect(await invocationLines(uploads, outcome, 7)).toEqual([
      ['received', 'object.created', 'uploads/ok one.jpg'],
      ['received', 'object.created', 'uploads/fail.jpg'],
      ['failed', 'uploads/fail.jpg'],
      ['rejected', 'MalformedEvent', 'Records[2].body', '11111111-0000-4000-8000-000000000003'],
      ['received', 'object.created', 'uploads/via sns.jpg'],
      ['ignored', 'info', '11111111-0000-4000-8000-000000000005'],
      ['received', 'object.created', 'uploads/from eventbridge+queue.jpg'],
    ]);
  });

  it('keeps FIFO order: the messages after a failure are reported without running', async () => {
    const outcome = await uploads.invoke(derivedEvent('sqs-fifo-failure.json'));
    expect(outcome).toMatchObject({
      kind: 'response',
      payload: { batchItemFailures: [{ itemIdentifier: '22222222-0000-4000-8000-000000000002' }, { itemIdentifier: '22222222-0000-4000-8000-000000000003' }] },
    });
    expect(await invocationLines(uploads, outcome, 3)).toEqual([
      ['received', 'object.created', 'uploads/first.jpg'], ['received', 'object.created', 'uploads/fail.jpg'], ['failed', 'uploads/fail.jpg'],
    ]);
  });

  it('fails the invocation when the only message fails, so the batch returns to the queue', async () => {
    const outcome = await uploads.invoke(derivedEvent('sqs-single-failure.json'));
    expect(outcome).toMatchObject({ kind: 'error', payload: { errorType: 'Error' } });
  });

  it('acknowledges malformed messages (logging each with its field) and runs the good one', async () => {
    const outcome = await uploads.invoke(derivedEvent('sqs-malformed-records.json'));
    expect(outcome).toMatchObject({ kind: 'response', payload: { batchItemFailures: [] } });
    expect(await invocationLines(uploads, outcome, 6)).toEqual([
      ['ignored', 'warn', '44444444-0000-4000-8000-000000000001'],
      ['rejected', 'MalformedEvent', 'Records[1].body.Records[0].s3.object.key', '44444444-0000-4000-8000-000000000002'],
      ['rejected', 'UnknownEventShape', 'Records[2].body', '44444444-0000-4000-8000-000000000003'],
      ['rejected', 'MalformedEvent', 'Records[3].body', '44444444-0000-4000-8000-000000000004'],
      ['rejected', 'MalformedEvent', 'Records[4].eventSource', '44444444-0000-4000-8000-000000000005'],
      ['received', 'object.created', 'uploads/good.jpg'],
    ]);
  });

  it('SNS → Lambda: the S3 notification in the message; a handler failure fails the invocation', async () => {
    const good = await uploads.invoke(derivedEvent('sns-s3-notification.json'));
    expect(good).toMatchObject({ kind: 'response', payload: null });
    expect(await invocationLines(uploads, good, 1)).toEqual([['received', 'object.created', 'uploads/via sns direct.jpg']]);
    const failing = derivedEvent('sns-s3-notification.json');
    failing.Records[0].Sns.Message = failing.Records[0].Sns.Message.replace('via+sns+direct', 'fail');
    const outcome = await uploads.invoke(failing);
    expect(outcome).toMatchObject({ kind: 'error', payload: { errorType: 'Error' } });
  });

  it('EventBridge Object Deleted keys are taken as they are (the unfiltered function)', async () => {
    const outcome = await all.invoke(derivedEvent('eventbridge-object-deleted.json'));
    expect(await invocationLines(all, outcome, 1)).toEqual([['received', 'object.deleted', 'uploads/a+b 100%25.jpg']]);
  });

  for (const [name, path] of [
    ['s3-malformed-broken-escape.json', 'Records[0].s3.object.key'],
    ['s3-malformed-no-key.json', 'Records[0].s3.object.key'],
    ['s3-malformed-size-string.json', 'Records[0].s3.object.size'],
    ['s3-malformed-event-time.json', 'Records[0].eventTime'],
    ['eventbridge-malformed-no-key.json', 'detail.object.key'],
  ] as const) {
    it(`${name}: logged with the field (${path}) and acknowledged, no retry`, async () => {
      const outcome = await uploads.invoke(derivedEvent(name));
      expect(outcome).toMatchObject({ kind: 'response', payload: null });
      expect(await invocationLines(uploads, outcome, 1)).toEqual([['rejected', 'MalformedEvent', path, undefined]]);
    });
  }

  it('keeps serving after all of the above', async () => {
    const outcome = await uploads.invoke(derivedEvent('s3-malformed-one-of-two.json'));
    expect(await invocationLines(uploads, outcome, 2)).toEqual([
      ['rejected', 'MalformedEvent', 'Records[0].s3.bucket', undefined], ['received', 'object.created', 'uploads/second.jpg'],
    ]);
  });
});
