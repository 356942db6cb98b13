import type { ObjectEvent, ObjectEventData, ObjectEventType } from '@faasade/core';
import { createObjectEvent, optionalCount, optionalString, type JsonObject } from '@faasade/core/adapter';
import { locateBlobFromSubject } from './blob-location.js';

/** What one Event Grid event decodes to: a neutral object event, or another kind of event. */
export type DecodedEvent =
  | { kind: 'object'; event: ObjectEvent }
  /** A well-formed event of a type object functions do not handle (acknowledged and skipped). */
  | { kind: 'other'; id: string; type: string };

// Blob Storage's two object events; the others (BlobTierChanged, BlobRenamed,
// DirectoryCreated, BlobInventoryPolicyCompleted…) do not concern object functions.
// https://learn.microsoft.com/azure/event-grid/event-schema-blob-storage#list-of-events-for-blob-rest-apis
const OBJECT_EVENT_TYPES: Readonly<Record<string, ObjectEventType>> = {
  'Microsoft.Storage.BlobCreated': 'object.created',
  'Microsoft.Storage.BlobDeleted': 'object.deleted',
};

/** The neutral type of an Event Grid event type, or undefined when it is not a blob created/deleted event. */
export function objectEventType(eventType: string): ObjectEventType | undefined {
  return Object.hasOwn(OBJECT_EVENT_TYPES, eventType) ? OBJECT_EVENT_TYPES[eventType] : undefined;
}

/** The envelope fields both schemas carry, once read and checked. */
export interface BlobEventEnvelope {
  id: string;
  type: ObjectEventType;
  time: string;
  subject: string;
  /** Path of `subject` in the payload, for errors. */
  subjectPath: string;
  /** Event Grid `topic` or CloudEvents `source`: the storage account's resource id. */
  topic: string | undefined;
  data: JsonObject;
  dataPath: string;
  raw: unknown;
}

/**
 * The neutral event of a BlobCreated / BlobDeleted event. `data` is the same in both
 * schemas: `url`, `contentLength` and `eTag` (created only), `contentType`, `sequencer`.
 * @throws EventDecodeError `MalformedEvent` naming the bad field.
 */
export function toBlobObjectEvent(envelope: BlobEventEnvelope): ObjectEvent {
  const { data, dataPath } = envelope;
  const url = optionalString(data, 'url', dataPath);
  const location = locateBlobFromSubject(envelope.subject, envelope.subjectPath, envelope.topic, url);
  const neutral: ObjectEventData = { bucket: location.container, key: location.key };
  const size = optionalCount(data, 'contentLength', dataPath);
  const etag = optionalString(data, 'eTag', dataPath);
  const contentType = optionalString(data, 'contentType', dataPath);
  const sequencer = optionalString(data, 'sequencer', dataPath);
  if (size !== undefined) neutral.size = size;
  if (etag !== undefined) neutral.etag = etag;
  if (contentType !== undefined) neutral.contentType = contentType;
  if (sequencer !== undefined) neutral.sequencer = sequencer;
  return createObjectEvent({
    id: envelope.id,
    source: location.source,
    type: envelope.type,
    time: envelope.time,
    data: neutral,
    cloud: 'azure',
    raw: envelope.raw,
    traceparent: (envelope.raw as { traceparent?: string } | null)?.traceparent, tracestate: (envelope.raw as { tracestate?: string } | null)?.tracestate, // observability: the CloudEvents tracing extension (kept only when a string)
  });
}
