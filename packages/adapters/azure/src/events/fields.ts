import { EventDecodeError } from '@faasade/core';

/**
 * Small readers for untyped platform payloads. Each names the path of the field it
 * reads, so a malformed event is reported as `MalformedEvent` at, say,
 * `body[2].data.contentLength` rather than as a TypeError deep in the adapter.
 */

/** A plain JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (arrays and null excluded). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

// RFC 3339 date-time; Azure writes up to 7 fractional digits, which Date.parse accepts too.
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A required RFC 3339 timestamp, kept as sent. */
export function requiredTime(owner: JsonObject, field: string, path: string): string {
  const value = requiredString(owner, field, path);
  if (!RFC_3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw malformed(`${path}.${field}`, `expected an RFC 3339 time, got ${JSON.stringify(value.slice(0, 40))}`);
  }
  return value;
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
