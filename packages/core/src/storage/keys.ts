import { StorageError } from './errors.js';

/** Longest key, in bytes of UTF-8: the limit S3, Azure Blob and GCS share. */
export const MAX_KEY_BYTES = 1024;

// C0 controls, DEL and C1 controls: invisible in logs, rejected or mangled by some services.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
// A lone surrogate has no UTF-8 encoding, so the key could not be stored as given.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `key` cannot name an object, or undefined when it can. Shared by every driver
 * through the portable layer, so a key valid on one cloud is valid on all.
 */
export function keyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return `key must be a string, got ${typeof key}`;
  if (key.length === 0) return 'key is empty';
  if (CONTROL_CHARACTER.test(key)) return 'key contains a NUL or control character';
  if (LONE_SURROGATE.test(key)) return 'key is not well-formed Unicode (lone surrogate)';
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) return `key is ${bytes} bytes of UTF-8; the limit is ${MAX_KEY_BYTES}`;
  return undefined;
}

/** Throws `InvalidArgument` unless `key` is a valid object key. */
export function assertValidKey(key: unknown, operation: string, bucket: string): asserts key is string {
  const problem = keyProblem(key);
  if (problem !== undefined) {
    throw new StorageError('InvalidArgument', `${operation}: ${problem}`, {
      key: typeof key === 'string' ? key : undefined, bucket, operation,
    });
  }
}

/**
 * Orders two strings by their UTF-8 bytes, the order S3, Azure Blob and GCS list in.
 * UTF-16 code-unit order differs only where a surrogate meets U+E000–U+FFFF, so those
 * units are remapped instead of encoding both strings.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  // Surrogates encode code points above U+FFFF, so they must sort after U+E000–U+FFFF.
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}
