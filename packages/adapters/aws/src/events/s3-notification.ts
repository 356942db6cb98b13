import { EventDecodeError, type ObjectEventData, type ObjectEventType } from '@faasade/core';
import { createObjectEvent, isJsonObject, objectAt, optionalCount, optionalString, requiredString, requiredTime, type JsonObject } from '@faasade/core/adapter';
import { at, rejectedItem, type DecodedItem } from './decoded-item.js';
import { idFrom } from './fields.js';
import { decodeS3Key } from './s3-key.js';
import { quotedEtag } from './etag.js';

/**
 * S3 event notifications: `{ Records: [...] }` whose records say `eventSource: "aws:s3"`,
 * as S3 invokes a function directly or writes into an SQS queue or SNS topic.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export function isS3Notification(value: unknown): value is { Records: unknown[] } {
  return isJsonObject(value) && Array.isArray(value.Records) && isJsonObject(value.Records[0]) && value.Records[0].eventSource === 'aws:s3';
}

/** The message S3 sends once to an SQS or SNS destination when a notification is configured. */
export function isS3TestEvent(value: unknown): value is JsonObject {
  return isJsonObject(value) && value.Event === 's3:TestEvent';
}

/** An S3 test event, acknowledged: it only proves the destination is reachable. */
export function decodeS3TestEvent(value: JsonObject): DecodedItem[] {
  return [{ kind: 'ignored', id: idFrom(value.RequestId), reason: 's3:TestEvent (sent when the notification was configured)', level: 'info' }];
}

/**
 * Every record of a notification found at `path`, each decoded on its own: a malformed
 * record is `rejected` without taking the others with it.
 */
export function decodeS3Notification(value: { Records: unknown[] }, path: string): DecodedItem[] {
  if (value.Records.length === 0) {
    return [{ kind: 'rejected', id: undefined, error: new EventDecodeError('MalformedEvent', 'the notification has no records', { path: at(path, 'Records') }) }];
  }
  return value.Records.map((record, index) => {
    try {
      return decodeS3Record(record, at(path, `Records[${index}]`));
    } catch (error) {
      return rejectedItem(error, recordId(record), at(path, `Records[${index}]`));
    }
  });
}

// ObjectCreated:Put/Post/Copy/CompleteMultipartUpload, ObjectRemoved:Delete and
// :DeleteMarkerCreated; an expiry by a lifecycle rule removes the object just the same
// (EventBridge calls both "Object Deleted", as Blob Storage and GCS do).
function objectEventType(eventName: string): ObjectEventType | undefined {
  if (eventName.startsWith('ObjectCreated:')) return 'object.created';
  if (eventName.startsWith('ObjectRemoved:') || eventName.startsWith('LifecycleExpiration:Delete')) return 'object.deleted';
  return undefined;
}

/** One S3 record. @throws EventDecodeError `MalformedEvent` naming the bad field. */
function decodeS3Record(value: unknown, path: string): DecodedItem {
  const record = objectAt(value, path);
  if (record.eventSource !== 'aws:s3') throw new EventDecodeError('MalformedEvent', 'expected "aws:s3"', { path: at(path, 'eventSource') });
  const eventName = requiredString(record, 'eventName', path);
  const type = objectEventType(eventName);
  if (type === undefined) return { kind: 'ignored', id: recordId(record), reason: `S3 event ${eventName.slice(0, 60)} is not an object created or deleted event`, level: 'debug' };
  const time = requiredTime(record, 'eventTime', path);
  const s3Path = at(path, 's3');
  const s3 = objectAt(record.s3, s3Path);
  const bucket = requiredString(objectAt(s3.bucket, at(s3Path, 'bucket')), 'name', at(s3Path, 'bucket'));
  const objectPath = at(s3Path, 'object');
  const object = objectAt(s3.object, objectPath);
  const data: ObjectEventData = { bucket, key: decodeS3Key(requiredString(object, 'key', objectPath), at(objectPath, 'key')) };
  const size = optionalCount(object, 'size', objectPath);
  const etag = optionalString(object, 'eTag', objectPath);
  const versionId = optionalString(object, 'versionId', objectPath);
  const sequencer = optionalString(object, 'sequencer', objectPath);
  if (size !== undefined) data.size = size;
  if (etag) data.etag = quotedEtag(etag);
  if (versionId) data.versionId = versionId;
  if (sequencer) data.sequencer = sequencer;
  const id = syntheticId(record, object);
  return { kind: 'object', event: createObjectEvent({ id, source: `s3://${bucket}`, type, time, data, cloud: 'aws', raw: record }) };
}

/**
 * S3 records carry no event id. The request id that caused the change plus a digest of
 * what changed (bucket, key, event, sequencer, version) is stable across redeliveries and
 * distinct for the many records of one DeleteObjects request.
 */
function recordId(value: unknown): string | undefined {
  if (!isJsonObject(value) || !isJsonObject(value.s3) || !isJsonObject(value.s3.object)) return undefined;
  return syntheticId(value, value.s3.object);
}

function syntheticId(record: JsonObject, object: JsonObject): string {
  const requestId = isJsonObject(record.responseElements) ? idFrom(record.responseElements['x-amz-request-id']) : undefined;
  const bucket = isJsonObject(record.s3) && isJsonObject(record.s3.bucket) ? record.s3.bucket.name : undefined;
  const parts = [bucket, object.key, record.eventName, object.sequencer, object.versionId, record.eventTime].map((part) => (typeof part === 'string' ? part : ''));
  // Loaded on first use: a top-level node:crypto import costs every cold start ~10 ms,
  // HTTP functions included, for a hash only object events need.
  const { createHash } = process.getBuiltinModule('node:crypto');
  const digest = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
  return `${requestId ?? 'no-request-id'}-${digest}`;
}
