import { expect } from 'vitest';
import { isStorageError, type Bucket, type ListEntry, type StorageErrorCode } from '@faasade/core/storage';

/** Awaits `promise` and checks it rejected with a StorageError of `code` (and `key`, when given). */
export async function expectCode(promise: Promise<unknown>, code: StorageErrorCode, key?: string): Promise<void> {
  const outcome = await promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  if (!('error' in outcome)) throw new Error(`expected a StorageError ${code}, but the call succeeded`);
  const { error } = outcome;
  if (!isStorageError(error)) throw new Error(`expected a StorageError ${code}, got ${String(error)}`, { cause: error });
  expect(error.code, error.message).toBe(code);
  if (key !== undefined) expect(error.key).toBe(key);
}

/** Every entry of a listing, through the async iterator. */
export async function listAll(bucket: Bucket, options: Parameters<Bucket['list']>[0] = {}): Promise<ListEntry[]> {
  const entries: ListEntry[] = [];
  for await (const entry of bucket.list(options)) entries.push(entry);
  return entries;
}

/** Keys of every object under a prefix. */
export async function keysUnder(bucket: Bucket, prefix: string): Promise<string[]> {
  return (await listAll(bucket, { prefix })).map((entry) => entry.key);
}

/** Sorts strings by their UTF-8 bytes, independently of the code under test. */
export function byUtf8(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** A readable text of bytes for assertions. */
export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}
