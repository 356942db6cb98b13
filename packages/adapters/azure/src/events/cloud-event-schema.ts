import { malformed, objectAt, requiredString, requiredTime, type JsonObject } from '@faasade/core/adapter';
import { objectEventType, toBlobObjectEvent, type DecodedEvent } from './storage-event.js';

/**
 * An event in the CloudEvents 1.0 schema (structured JSON: `specversion`, `id`, `source`,
 * `type`, `subject`, `time`, `data`), which an Event Grid subscription delivers when its
 * delivery schema is `CloudEventSchemaV1_0`. The payload in `data` is the same as in the
 * Event Grid schema. https://learn.microsoft.com/azure/event-grid/cloud-event-schema
 */
export function isCloudEvent(value: JsonObject): boolean {
  return Object.hasOwn(value, 'specversion');
}

/**
 * Decodes one CloudEvent found at `path`.
 * @throws EventDecodeError `MalformedEvent` naming the bad field.
 */
export function decodeCloudEvent(value: JsonObject, path: string): DecodedEvent {
  if (value.specversion !== '1.0') throw malformed(`${path}.specversion`, 'expected CloudEvents specversion "1.0"');
  const id = requiredString(value, 'id', path);
  const eventType = requiredString(value, 'type', path);
  const source = requiredString(value, 'source', path);
  const type = objectEventType(eventType);
  if (type === undefined) return { kind: 'other', id, type: eventType };
  // Storage events always carry JSON data; `data_base64` would mean a different producer.
  if (value.data === undefined && value.data_base64 !== undefined) {
    throw malformed(`${path}.data`, 'expected JSON data; a blob event never comes as data_base64');
  }
  const event = toBlobObjectEvent({
    id,
    type,
    time: requiredTime(value, 'time', path),
    subject: requiredString(value, 'subject', path),
    subjectPath: `${path}.subject`,
    topic: source,
    data: objectAt(value.data, `${path}.data`),
    dataPath: `${path}.data`,
    raw: value,
  });
  return { kind: 'object', event };
}
