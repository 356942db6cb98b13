import { EventDecodeError } from '../errors/event-error.js';

/**
 * Readers for the untyped members of a delivered platform payload (an S3 notification,
 * an Event Grid event, a CloudEvent's data). Each names where the member is — `path` is
 * the owner's path, `''` for the payload itself — so a malformed event is reported as
 * `MalformedEvent` at, say, `Records[0].s3.object.size` rather than as a TypeError deep
 * in an adapter.
 */

/** A plain JSON object (not an array, not bytes, not null). */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object: arrays, byte views and null are not. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** `value` as an object, or a `MalformedEvent` at `path`. */
export function objectAt(value: unknown, path: string): JsonObject {
  if (!isJsonObject(value)) throw malformed(path, `expected an object, got ${describe(value)}`);
  return value;
}

/** A required non-empty string member. */
export function requiredString(owner: JsonObject, field: string, path: string): string {
  const value = owner[field];
  if (typeof value !== 'string' || value === '') throw malformed(memberPath(path, field), `expected a non-empty string, got ${describe(value)}`);
  return value;
}

/** An optional string member: undefined when absent or null, a `MalformedEvent` for another type. */
export function optionalString(owner: JsonObject, field: string, path: string): string | undefined {
  const value = owner[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(memberPath(path, field), `expected a string, got ${describe(value)}`);
  return value;
}

/** An optional count (a byte size): a non-negative safe integer. */
export function optionalCount(owner: JsonObject, field: string, path: string): number | undefined {
  const value = owner[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw malformed(memberPath(path, field), `expected a non-negative integer, got ${describe(value)}`);
  }
  return value;
}

// RFC 3339 date-time (ISO 8601's profile the clouds write): S3 adds milliseconds,
// EventBridge none, Azure up to seven fractional digits — all of which Date.parse accepts.
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A required RFC 3339 timestamp, kept as sent. */
export function requiredTime(owner: JsonObject, field: string, path: string): string {
  const value = requiredString(owner, field, path);
  if (!RFC_3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw malformed(memberPath(path, field), `expected an RFC 3339 time, got ${JSON.stringify(value.slice(0, 40))}`);
  }
  return value;
}

/** A `MalformedEvent` at `path`. */
export function malformed(path: string, message: string): EventDecodeError {
  return new EventDecodeError('MalformedEvent', message, { path });
}

/** What a value is, for error messages (never the value itself: it may be large or private). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (value === '') return 'an empty string';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return 'bytes';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** The path of `field` in the object at `path` (`''` is the payload itself). */
export function memberPath(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}
