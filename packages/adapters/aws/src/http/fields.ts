import { EventDecodeError } from '@faasade/core';

/**
 * Checks on event fields. Each failure is a `MalformedEvent` naming the field, so the
 * 400 answer and its log line say exactly what was not understood.
 */

/** A plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function malformed(path: string, expected: string, value: unknown): EventDecodeError {
  return new EventDecodeError('MalformedEvent', `expected ${expected}, got ${describe(value)}`, { path });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : typeof value;
}

/** A required string. */
export function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw malformed(path, 'a string', value);
  return value;
}

// RFC 9110 method token; Lambda front doors only send upper-case ones.
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const COMMON_METHODS: ReadonlySet<unknown> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** A method token, upper-cased as Fetch expects for the standard methods. */
export function requireMethod(value: unknown, path: string): string {
  if (COMMON_METHODS.has(value)) return value as string; // every request takes this path
  if (typeof value !== 'string' || !METHOD.test(value)) throw malformed(path, 'an HTTP method', value);
  return value.toUpperCase();
}

/** `isBase64Encoded`: absent or a boolean. */
export function optionalFlag(value: unknown, path: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw malformed(path, 'a boolean', value);
  return value;
}

/** A map of strings, or nothing (`null` and absent are both "none"). */
export function optionalMap(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw malformed(path, 'an object', value);
  return value;
}

/** One value of a single-value map (`undefined` entries are skipped by callers). */
export function mapString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(path, 'a string', value);
  return value;
}

/** One value of a multi-value map: an array of strings. */
export function mapList(value: unknown, path: string): readonly string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw malformed(path, 'an array of strings', value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') throw malformed(`${path}[${i}]`, 'a string', value[i]);
  }
  return value as string[];
}

/**
 * Builds `Headers`, turning the TypeError `Headers` throws for an invalid name or value
 * (a control character, a non-Latin-1 character) into a `MalformedEvent` for that header.
 */
export function appendHeader(headers: Headers, name: string, value: string, path: string): void {
  try {
    headers.append(name, value);
  } catch (cause) {
    throw new EventDecodeError('MalformedEvent', `header ${JSON.stringify(name)} has an invalid name or value`, { path: `${path}.${name}`, cause });
  }
}
