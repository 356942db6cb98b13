import { createReadStream } from 'node:fs';
import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bucket } from '@faasade/core/storage';
import { contentTypeOf } from './content-type.js';
import { intendedKey } from './fs-layout.js';

/** What became of a file dropped into a plain folder. */
export type AdoptOutcome =
  | { status: 'stored'; key: string }
  | { status: 'gone' }
  /** Still being written: look again later. */
  | { status: 'growing' }
  | { status: 'failed'; key: string; error: Error };

/**
 * Stores a file someone dropped into a plain folder of a bucket directory
 * (`uploads/cat.jpg`, where the fs layout has `uploads%/cat.jpg`) through the storage
 * API, under the key its path names and with a content type from its extension, then
 * removes the dropped copy. The file must have kept its size and mtime over `settleMs`
 * (a copy still in progress is left for later). The put itself fires the object's event.
 */
export async function adoptDroppedFile(bucket: Bucket, dir: string, path: string, seen: { size: number; mtimeMs: number }, settleMs: number): Promise<AdoptOutcome> {
  const file = join(dir, path);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const now = await lstat(file).catch(() => undefined);
  if (!now?.isFile()) return { status: 'gone' };
  if (now.size !== seen.size || now.mtimeMs !== seen.mtimeMs) return { status: 'growing' };
  const key = intendedKey(path);
  try {
    await bucket.put(key, createReadStream(file), { contentType: contentTypeOf(path) });
    await rm(file, { force: true });
    return { status: 'stored', key };
  } catch (error) {
    return { status: 'failed', key, error: error as Error };
  }
}
