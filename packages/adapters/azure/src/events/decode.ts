import { EventDecodeError } from '@faasade/core';
import { decodeCloudEvent, isCloudEvent } from './cloud-event-schema.js';
import { decodeEventGridSchemaEvent, isEventGridSchemaEvent } from './event-grid-schema.js';
import { describe, isJsonObject } from '@faasade/core/adapter';
import type { DecodedEvent } from './storage-event.js';

/**
 * Decodes one event Event Grid delivered, in either schema (chosen by a type guard:
 * `specversion` means CloudEvents, `eventType` the Event Grid schema).
 * @param path Where the event is in the payload (`event`, `body[3]`), for errors.
 * @throws EventDecodeError `UnknownEventShape` for something that is neither,
 *   `MalformedEvent` naming the bad field of one that is.
 */
export function decodeEvent(value: unknown, path: string): DecodedEvent {
  if (!isJsonObject(value)) {
    throw new EventDecodeError('UnknownEventShape', `expected an Event Grid or CloudEvents event, got ${describe(value)}`, { path });
  }
  if (isCloudEvent(value)) return decodeCloudEvent(value, path);
  if (isEventGridSchemaEvent(value)) return decodeEventGridSchemaEvent(value, path);
  throw new EventDecodeError('UnknownEventShape', 'expected an Event Grid event (eventType) or a CloudEvent (specversion)', { path });
}

/** The event's id when it has a usable one, for log lines about events that failed to decode. */
export function eventIdOf(value: unknown): string | undefined {
  const id = isJsonObject(value) ? value.id : undefined;
  return typeof id === 'string' ? id.slice(0, 200) : undefined;
}
