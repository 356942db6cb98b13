import { EventDecodeError } from '@faasade/core';
import { isObject } from '../http/fields.js';

/**
 * Readers for the fields of S3, SQS, SNS and EventBridge payloads. Each failure is a
 * `MalformedEvent` naming where the field is (`Records[1].body.Records[0].s3.object.key`),
 * so the log line of a refused record says exactly what was not understood.
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

export { isObject };

/** `value` as an object, or a `MalformedEvent` at `path`. */
export function objectAt(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw malformed(path, `expected an object, got ${describe(value)}`);
  return value;
}

/** A required non-empty string field. */
export function requiredString(owner: JsonObject, field: string, path: string): string {
  const value = owner[field];
  if (typeof value !== 'string' || value === '') throw malformed(`${path}.${field}`, `expected a non-empty string, got ${describe(value)}`);
  return value;
}

/** An optional string field: undefined when absent or null, a `MalformedEvent` for another type. */
export function optionalString(owner: JsonObject, field: string, path: string): string | undefined {
  const value = owner[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(`${path}.${field}`, `expected a string, got ${describe(value)}`);
  return value;
}

/** An optional byte count: a non-negative safe integer. */
export function optionalCount(owner: JsonObject, field: string, path: string): number | undefined {
  const value = owner[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw malformed(`${path}.${field}`, `expected a non-negative integer, got ${describe(value)}`);
  }
  return value;
}

// ISO 8601 / RFC 3339 as AWS writes it: S3 adds milliseconds, EventBridge does not.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A required ISO 8601 time, kept as sent. */
export function requiredTime(owner: JsonObject, field: string, path: string): string {
  const value = requiredString(owner, field, path);
  if (!ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw malformed(`${path}.${field}`, `expected an ISO 8601 time, got ${JSON.stringify(value.slice(0, 40))}`);
  }
  return value;
}

/**
 * A message body or SNS `Message` that must hold JSON (SQS and SNS carry S3 notifications
 * as strings). Not JSON → `MalformedEvent` at `path`.
 */
export function parseJsonText(text: unknown, path: string): unknown {
  if (typeof text !== 'string') throw malformed(path, `expected a JSON string, got ${describe(text)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw malformed(path, 'expected JSON (an S3 notification), got text that is not JSON');
  }
}

/** A `MalformedEvent` error at `path`. */
export function malformed(path: string, message: string): EventDecodeError {
  return new EventDecodeError('MalformedEvent', message, { path });
}

/** What a value is, for error messages (never the value itself: it may be large or private). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === '') return 'an empty string';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** A short identifier from an untrusted payload, safe for log lines (bounded, no control characters). */
export function idFrom(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.slice(0, 200).replace(/[\u0000-\u001f\u007f]/g, '?');
}
