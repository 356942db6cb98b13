import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliver, s3Fixture, vendorEvent } from './support.js';

// SQS event source mappings: each message isolated, failures as batchItemFailures.
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('S3 → SQS batches', () => {
  it('hands the vendor S3-via-SQS message to the handler and reports no failure', async () => {
    const { result, events } = await deliver(vendorEvent('s3-via-sqs.json'));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(events.map((e) => [e.type, e.source, e.time, e.data])).toEqual([
      ['object.created', 's3://xxx', '2023-04-12T20:43:38.021Z', {
        bucket: 'xxx', key: 'test.pdf', size: 104681, etag: '"2e3ad1e983318bbd8e73b080e2997980"',
        versionId: 'yd3d4HaWOT2zguDLvIQLU6ptDTwKBnQV', sequencer: '00643717F9F8B85354',
      }],
    ]);
    // raw is the S3 record inside the body; the platform event is the SQS batch itself.
    expect(events[0]!.raw).toMatchObject({ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put' });
  });

  it('acknowledges the vendor batch of plain messages as poison, logging each with its messageId', async () => {
    const { result, error, events, logs } = await deliver(vendorEvent('sqs-batch-two-records.json'));
    expect([result, error, events]).toEqual([{ batchItemFailures: [] }, undefined, []]);
    expect(logs.filter((l) => l.level === 'error').map((l) => [l.messageId, l.code, l.path])).toEqual([
      ['059f36b4-87a3-44ab-83d2-661975830a7d', 'MalformedEvent', 'Records[0].body'],
      ['2e1424d4-f796-459a-8184-9c92662be6da', 'UnknownEventShape', 'Records[1].body'],
    ]);
  });

  it('isolates each message of a mixed batch: only the failing one is reported for redelivery', async () => {
    vi.stubEnv('FAASADE_BUCKET_IMAGES', 's3://faasade-images');
    const { result, error, keys, logs } = await deliver(s3Fixture('sqs-mixed-batch.json'));
    expect(error).toBeUndefined();
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '11111111-0000-4000-8000-000000000002' }] });
    // S3 → SQS, S3 → SNS → SQS and EventBridge → SQS all reach the handler; the failing one ran too.
    expect(keys).toEqual(['uploads/ok one.jpg', 'uploads/fail.jpg', 'uploads/via sns.jpg', 'uploads/from eventbridge+queue.jpg']);
    const errors = logs.filter((l) => l.level === 'error');
    expect(errors.map((l) => l.messageId ?? l.key)).toEqual(['uploads/fail.jpg', '11111111-0000-4000-8000-000000000003']);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'info', messageId: '11111111-0000-4000-8000-000000000005', reason: expect.stringContaining('s3:TestEvent') }));
  });

  it('acknowledges malformed messages with an error naming the field, and still runs the good one', async () => {
    const { result, keys, logs } = await deliver(s3Fixture('sqs-malformed-records.json'));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(keys).toEqual(['uploads/good.jpg']);
    expect(logs.filter((l) => l.level === 'error').map((l) => [l.messageId, l.code, l.path])).toEqual([
      ['44444444-0000-4000-8000-000000000002', 'MalformedEvent', 'Records[1].body.Records[0].s3.object.key'],
      ['44444444-0000-4000-8000-000000000003', 'UnknownEventShape', 'Records[2].body'],
      ['44444444-0000-4000-8000-000000000004', 'MalformedEvent', 'Records[3].body'],
      ['44444444-0000-4000-8000-000000000005', 'MalformedEvent', 'Records[4].eventSource'],
    ]);
    // An SNS subscription confirmation needs a person: a warning, not an error.
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.messageId)).toEqual(['44444444-0000-4000-8000-000000000001']);
  });

  it('on a FIFO queue, reports the messages after a failure without running them, to keep their order', async () => {
    const { result, keys } = await deliver(s3Fixture('sqs-fifo-failure.json'));
    expect(keys).toEqual(['uploads/first.jpg', 'uploads/fail.jpg']);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '22222222-0000-4000-8000-000000000002' }, { itemIdentifier: '22222222-0000-4000-8000-000000000003' }] });
  });

  it('fails the invocation when every message failed, so the batch returns even without ReportBatchItemFailures', async () => {
    const { result, error } = await deliver(s3Fixture('sqs-single-failure.json'));
    expect(result).toBeUndefined();
    expect((error as Error).message).toBe('refusing uploads/fail.jpg');
  });

  it('fails the invocation when a failed message has no messageId to report', async () => {
    const event = s3Fixture('sqs-mixed-batch.json');
    delete event.Records[1].messageId;
    const { error } = await deliver(event);
    expect((error as Error).message).toBe('refusing uploads/fail.jpg');
  });

  it('shares the Lambda request id as invocation id across the messages of a batch', async () => {
    const { invocationIds } = await deliver(s3Fixture('sqs-mixed-batch.json'), {}, 'batch-request');
    expect(new Set(invocationIds)).toEqual(new Set(['batch-request']));
  });
});
