import { EventDecodeError } from '@faasade/core';

/**
 * Readers for the untyped members of a delivered event. Each names the path of what it
 * reads, so a malformed event is reported as `MalformedEvent` at, say, `data.size` rather
 * than as a TypeError somewhere in the adapter.
 */

/** A plain JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (arrays, buffers and null excluded). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** A required non-empty string member. */
export function requiredString(owner: JsonObject, field: string, path: string): string {
  const value = owner[field];
  if (typeof value !== 'string' || value === '') throw malformed(path, `expected a non-empty string, got ${describe(value)}`);
  return value;
}

/** An optional string member: undefined when absent or null, `MalformedEvent` for another type. */
export function optionalString(owner: JsonObject, field: string, path: string): string | undefined {
  const value = owner[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(path, `expected a string, got ${describe(value)}`);
  return value;
}

const DECIMAL = /^(?:0|[1-9][0-9]{0,19})$/;

/**
 * An optional 64-bit unsigned number, as the JSON API and the protobuf JSON mapping write
 * it: a decimal string. A plain JSON integer is accepted too. Kept as a string, since a
 * generation (microseconds since the epoch) is beyond what a double holds exactly.
 */
export function optionalUint64(owner: JsonObject, field: string, path: string): string | undefined {
  const value = owner[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && DECIMAL.test(value) && BigInt(value) < 2n ** 64n) return value;
  const got = typeof value === 'string' ? 'a string that is not a 64-bit unsigned decimal' : describe(value);
  throw malformed(path, `expected a non-negative integer as a decimal string, got ${got}`);
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
