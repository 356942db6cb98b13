import { describe, malformed, memberPath, type JsonObject } from '@faasade/core/adapter';

/**
 * The reader only Cloud Storage's payloads need; the shared ones (`requiredString`,
 * `isJsonObject`, …) come from core's adapter toolkit and name the path of what they read.
 */

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
  throw malformed(memberPath(path, field), `expected a non-negative integer as a decimal string, got ${got}`);
}
