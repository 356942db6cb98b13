import { EventDecodeError, type ObjectEventData, type ObjectEventType } from '@faasade/core';
import { createObjectEvent, isJsonObject, objectAt, optionalCount, optionalString, requiredString, requiredTime, type JsonObject } from '@faasade/core/adapter';
import { at, type DecodedItem } from './decoded-item.js';
import { quotedEtag } from './etag.js';
import { idFrom } from './fields.js';

/** Any EventBridge event: `detail-type`, `source` and `detail`. */
export function isEventBridgeEvent(value: unknown): value is JsonObject {
  return isJsonObject(value) && typeof value['detail-type'] === 'string' && typeof value.source === 'string' && Object.hasOwn(value, 'detail');
}

/** An Amazon S3 event on EventBridge (the bucket's "Send notifications to EventBridge" setting). */
export function isS3EventBridgeEvent(value: unknown): value is JsonObject {
  return isEventBridgeEvent(value) && value.source === 'aws.s3';
}

// Of the S3 detail types (Object Restore Completed, Object Tags Added, Object ACL Updated,
// Object Storage Class Changed…), two concern object functions. "Object Deleted" also
// covers lifecycle expirations (detail.reason "Lifecycle Expiration").
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
const DETAIL_TYPES: Readonly<Record<string, ObjectEventType>> = {
  'Object Created': 'object.created',
  'Object Deleted': 'object.deleted',
};

/**
 * One S3 event from EventBridge, found at `path`. Unlike S3 notifications, EventBridge
 * carries the key as it is (no URL encoding) and gives the event a real id.
 * @throws EventDecodeError `MalformedEvent` naming the bad field.
 */
export function decodeS3EventBridgeEvent(value: JsonObject, path: string): DecodedItem {
  const id = requiredString(value, 'id', path);
  const detailType = value['detail-type'] as string;
  const type = Object.hasOwn(DETAIL_TYPES, detailType) ? DETAIL_TYPES[detailType] : undefined;
  if (type === undefined) return { kind: 'ignored', id: idFrom(id), reason: `EventBridge S3 event "${detailType.slice(0, 60)}" is not Object Created or Object Deleted`, level: 'debug' };
  const time = requiredTime(value, 'time', path);
  const detailPath = at(path, 'detail');
  const detail = objectAt(value.detail, detailPath);
  const bucket = requiredString(objectAt(detail.bucket, at(detailPath, 'bucket')), 'name', at(detailPath, 'bucket'));
  const objectPath = at(detailPath, 'object');
  const object = objectAt(detail.object, objectPath);
  const data: ObjectEventData = { bucket, key: requiredString(object, 'key', objectPath) };
  const size = optionalCount(object, 'size', objectPath);
  const etag = optionalString(object, 'etag', objectPath);
  const versionId = optionalString(object, 'version-id', objectPath);
  const sequencer = optionalString(object, 'sequencer', objectPath);
  if (size !== undefined) data.size = size;
  if (etag) data.etag = quotedEtag(etag);
  if (versionId) data.versionId = versionId;
  if (sequencer) data.sequencer = sequencer;
  return { kind: 'object', event: createObjectEvent({ id, source: `s3://${bucket}`, type, time, data, cloud: 'aws', raw: value }) };
}

/** Why an EventBridge event of another source cannot reach an object function. */
export function notAnS3Event(value: JsonObject): EventDecodeError {
  const source = String(value.source).slice(0, 60);
  const detailType = String(value['detail-type']).slice(0, 60);
  return new EventDecodeError('UnknownEventShape', `an EventBridge event from ${JSON.stringify(source)} (${JSON.stringify(detailType)}) is not an S3 object event: route only source aws.s3 to this function`, { path: 'source' });
}
