import { EventDecodeError, type ObjectEvent, type ObjectEventData, type ObjectEventType } from '@faasade/core';
import { createObjectEvent, describe, isJsonObject, malformed, optionalString, requiredString, type JsonObject } from '@faasade/core/adapter';
import { formatEtag } from '../storage/object-info.js';
import { STORAGE_EVENT_TYPES, type GcpCloudEvent } from './cloud-event.js';
import { eventData } from './event-data.js';
import { optionalUint64 } from './fields.js';

/** What a delivered CloudEvent decodes to. */
export type DecodedStorageEvent =
  | { kind: 'object'; event: ObjectEvent }
  /** A well-formed storage event that object functions do not handle (archived, metadata updated). */
  | { kind: 'ignored'; id: string; type: string };

const NEUTRAL_TYPES: ReadonlyMap<string, ObjectEventType> = new Map([
  [STORAGE_EVENT_TYPES.finalized, 'object.created'],
  [STORAGE_EVENT_TYPES.deleted, 'object.deleted'],
]);
const IGNORED_TYPES: ReadonlySet<string> = new Set([STORAGE_EVENT_TYPES.archived, STORAGE_EVENT_TYPES.metadataUpdated]);

// `//storage.googleapis.com/projects/_/buckets/<bucket>`: the bucket the event is about.
const STORAGE_SOURCE = /^\/\/storage\.googleapis\.com\/projects\/[^/]+\/buckets\/([^/]+)$/;

/**
 * Decodes a Cloud Storage CloudEvent into the neutral object event: `object.finalize` →
 * `object.created`, `object.delete` → `object.deleted`; bucket and key from the
 * StorageObjectData (`bucket`, `name`), `size`, `contentType`, and the object's
 * `generation` as both `versionId` and `sequencer` (it grows with every write of a name).
 * `etag` is `<generation>.<metageneration>`, the etag `bucket(...).head(key)` reports through
 * `@faasade/gcp/gcs`, so it can be compared with it and passed as `ifMatch`; the resource's
 * own `etag` field (which GCS preconditions do not take) stays in `raw`.
 * @throws EventDecodeError `MalformedEvent` naming the missing or bad attribute or field,
 *   `UnknownEventShape` for an event that is not a storage event, `InvalidBody` for data
 *   that is not JSON.
 */
export function decodeStorageEvent(delivered: unknown): DecodedStorageEvent {
  if (!isJsonObject(delivered)) throw malformed('event', `expected a CloudEvent object, got ${describe(delivered)}`);
  const event = delivered as GcpCloudEvent & JsonObject;
  rejectUnconvertedLegacyEvent(event);
  if (event.specversion !== '1.0') {
    throw malformed('specversion', event.specversion === undefined
      ? 'not a CloudEvent: specversion is missing (binary content mode needs the ce-specversion, ce-type, ce-source and ce-id headers)'
      : `expected CloudEvents specversion "1.0", got ${describe(event.specversion)}`);
  }
  const id = requiredString(event, 'id', '');
  const type = requiredString(event, 'type', '');
  const source = requiredString(event, 'source', '');
  if (IGNORED_TYPES.has(type)) return { kind: 'ignored', id, type };
  const neutralType = NEUTRAL_TYPES.get(type);
  if (!neutralType) {
    throw new EventDecodeError('UnknownEventShape', 'not a Cloud Storage object finalized or deleted event; check the trigger\'s event filter', { path: 'type' });
  }
  const data = eventData(event);
  const objectData = storageObjectData(data, source);
  return {
    kind: 'object',
    event: createObjectEvent({
      id,
      source: `gs://${objectData.bucket}`,
      type: neutralType,
      time: eventTime(event, data),
      data: objectData,
      cloud: 'gcp',
      raw: delivered,
    }),
  };
}

function storageObjectData(data: JsonObject, source: string): ObjectEventData {
  const bucket = requiredString(data, 'bucket', 'data');
  const key = requiredString(data, 'name', 'data');
  // Both name the bucket; when they disagree, one of them is not to be trusted.
  const sourceBucket = STORAGE_SOURCE.exec(source)?.[1];
  if (sourceBucket !== undefined && sourceBucket !== bucket) throw malformed('source', 'names another bucket than data.bucket');
  const neutral: ObjectEventData = { bucket, key };
  const size = optionalUint64(data, 'size', 'data');
  if (size !== undefined) {
    const bytes = Number(size);
    if (!Number.isSafeInteger(bytes)) throw malformed('data.size', 'is larger than any object Cloud Storage holds');
    neutral.size = bytes;
  }
  const contentType = optionalString(data, 'contentType', 'data');
  const generation = optionalUint64(data, 'generation', 'data');
  const metageneration = optionalUint64(data, 'metageneration', 'data');
  if (contentType !== undefined) neutral.contentType = contentType;
  if (generation !== undefined) {
    neutral.versionId = generation;
    neutral.sequencer = generation;
    if (metageneration !== undefined) neutral.etag = formatEtag({ generation, metageneration });
  }
  return neutral;
}

// CloudEvents make `time` optional; Eventarc always sets it. Without it, the object's own
// update time is the time of the change.
function eventTime(event: JsonObject, data: JsonObject): string {
  if (event.time !== undefined) return timeAt(event.time, 'time');
  if (data.updated !== undefined) return timeAt(data.updated, 'data.updated');
  if (data.timeCreated !== undefined) return timeAt(data.timeCreated, 'data.timeCreated');
  throw malformed('time', 'the event has no time, and the object no update time');
}

function timeAt(value: unknown, path: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw malformed(path, `expected an RFC 3339 time, got ${describe(value)}`);
  return value;
}

// The framework converts legacy background events of known types to CloudEvents before
// the function runs; an event it left alone still has its `context` (or top-level
// `eventType`), and saying so beats "specversion is missing".
function rejectUnconvertedLegacyEvent(event: JsonObject): void {
  if (event.specversion !== undefined) return;
  const context = isJsonObject(event.context) ? event.context : event;
  if (typeof context.eventType === 'string') {
    throw new EventDecodeError('UnknownEventShape', 'a legacy background event of a type the Functions Framework does not convert to a CloudEvent', {
      path: context === event ? 'eventType' : 'context.eventType',
    });
  }
}
