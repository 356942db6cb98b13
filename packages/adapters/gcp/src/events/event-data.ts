import { EventDecodeError } from '@faasade/core';
import type { GcpCloudEvent } from './cloud-event.js';
import { describe, isJsonObject, malformed, type JsonObject } from '@faasade/core/adapter';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The event's `data` as a JSON object, wherever the delivery put it:
 * - parsed already, when the body was JSON (binary mode with `Content-Type:
 *   application/json`, structured mode, converted legacy events);
 * - bytes or text, when a binary-mode body came with another content type (the
 *   framework's raw and text parsers keep it as a `Buffer` or a string);
 * - `data_base64`, structured mode's form for data that is not JSON text.
 * @throws EventDecodeError `MalformedEvent` when there is no data object, `InvalidBody`
 *   when the data is not JSON (an Eventarc trigger set to `application/protobuf`).
 */
export function eventData(event: GcpCloudEvent): JsonObject {
  const { data } = event;
  if (isJsonObject(data)) return data;
  if (data === undefined && typeof event.data_base64 === 'string') {
    if (!BASE64.test(event.data_base64)) throw new EventDecodeError('InvalidBody', 'data_base64 is not valid base64', { path: 'data_base64' });
    return parseJsonData(Buffer.from(event.data_base64, 'base64'), 'data_base64');
  }
  if (ArrayBuffer.isView(data)) return parseJsonData(Buffer.from(data.buffer, data.byteOffset, data.byteLength), 'data');
  if (typeof data === 'string') return parseJsonData(Buffer.from(data), 'data');
  throw malformed('data', `expected the StorageObjectData object, got ${describe(data)}`);
}

function parseJsonData(bytes: Buffer, path: string): JsonObject {
  let parsed: unknown;
  try {
    // fatal: bytes that are not UTF-8 are not JSON text; never let U+FFFD into a key.
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new EventDecodeError('InvalidBody', 'the event data is not JSON text (is the trigger\'s event data content type application/json?)', { path, cause });
  }
  if (!isJsonObject(parsed)) throw malformed(path, `expected the StorageObjectData object, got ${describe(parsed)}`);
  return parsed;
}
