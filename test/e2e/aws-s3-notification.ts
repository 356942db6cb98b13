import { randomUUID } from 'node:crypto';

/** What HEAD says about an object, as @aws-sdk/client-s3 returns it. */
export interface HeadFacts {
  ETag?: string;
  ContentLength?: number;
  LastModified?: Date;
  VersionId?: string;
}

/**
 * A key written the way S3 writes it into event notifications: form-URL-encoded, so a
 * space is `+`, and everything but letters, digits, `/` and `-_.*` is a `%xx` escape of
 * its UTF-8 bytes (`+` is `%2B`). s3rver emits its in-process events with keys as they
 * are, which is not what S3 sends, hence this.
 */
export function encodeKeyLikeS3(key: string): string {
  return Array.from(new TextEncoder().encode(key), (byte) => {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9/._*-]/.test(char)) return char;
    if (char === ' ') return '+';
    return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/**
 * The `ObjectCreated:Put` notification S3 would send for an object, built from the
 * object's real HEAD answer (event version 2.1, the shape of the vendor sample
 * ../shared/fixtures/events/aws/s3-objectcreated-put.json).
 */
export function s3PutNotification(bucket: string, key: string, head: HeadFacts, requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()) {
  const object: Record<string, unknown> = {
    key: encodeKeyLikeS3(key),
    size: head.ContentLength,
    // Notifications carry the etag without the quotes HEAD puts around it.
    eTag: head.ETag?.replace(/^"|"$/g, ''),
    sequencer: (head.LastModified ?? new Date()).getTime().toString(16).toUpperCase().padStart(18, '0'),
  };
  if (head.VersionId) object.versionId = head.VersionId;
  return {
    Records: [{
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: (head.LastModified ?? new Date()).toISOString(),
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(randomUUID()).toString('base64') },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'images-uploads',
        bucket: { name: bucket, ownerIdentity: { principalId: 'A3I5XTEXAMAI3E' }, arn: `arn:aws:s3:::${bucket}` },
        object,
      },
    }],
  };
}

/** An SQS message carrying `body` (as an S3 → SQS queue delivers it to Lambda). */
export function sqsMessage(body: unknown, messageId: string = randomUUID()) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    messageId,
    receiptHandle: `AQEB${Buffer.from(messageId).toString('base64')}`,
    body: text,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'AIDAJHIPRHEMV73VRJEBU', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: 'ignored-by-the-adapter',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:images-uploads',
    awsRegion: 'us-east-1',
  };
}

/** The EventBridge "Object Created" event for the same object (keys are not encoded there). */
export function eventBridgeObjectCreated(bucket: string, key: string, head: HeadFacts) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: (head.LastModified ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key, size: head.ContentLength, etag: head.ETag?.replace(/^"|"$/g, ''), sequencer: '00' + Date.now().toString(16).toUpperCase() },
      'request-id': randomUUID().slice(0, 16).toUpperCase(),
      requester: '123456789012',
      'source-ip-address': '127.0.0.1',
      reason: 'PutObject',
    },
  };
}
