import { objectAt, optionalString, requiredString, requiredTime, type JsonObject } from '@faasade/core/adapter';
import { objectEventType, toBlobObjectEvent, type DecodedEvent } from './storage-event.js';

/**
 * An event in the Event Grid schema (`topic`, `subject`, `eventType`, `eventTime`, `id`,
 * `data`, `dataVersion`, `metadataVersion`), as Blob Storage publishes it by default.
 * https://learn.microsoft.com/azure/event-grid/event-schema
 */
export function isEventGridSchemaEvent(value: JsonObject): boolean {
  return Object.hasOwn(value, 'eventType');
}

/**
 * Decodes one Event Grid schema event found at `path`.
 * @throws EventDecodeError `MalformedEvent` naming the bad field.
 */
export function decodeEventGridSchemaEvent(value: JsonObject, path: string): DecodedEvent {
  const id = requiredString(value, 'id', path);
  const eventType = requiredString(value, 'eventType', path);
  const type = objectEventType(eventType);
  if (type === undefined) return { kind: 'other', id, type: eventType };
  const event = toBlobObjectEvent({
    id,
    type,
    time: requiredTime(value, 'eventTime', path),
    subject: requiredString(value, 'subject', path),
    subjectPath: `${path}.subject`,
    topic: optionalString(value, 'topic', path),
    data: objectAt(value.data, `${path}.data`),
    dataPath: `${path}.data`,
    raw: value,
  });
  return { kind: 'object', event };
}
