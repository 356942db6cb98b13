import { createWriteStream } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { StorageError } from '../../errors.js';
import type { DriverPutBody } from '../../driver.js';
import { hasErrno } from './fs-errors.js';
import { currentEtag, type ObjectPaths } from './object-files.js';

/**
 * Writes a put's body to a new temporary file. `wx` (O_CREAT|O_EXCL) never follows a
 * link and never reuses a file. Streams go through with backpressure, never held whole.
 */
export async function writeBodyTo(tmp: string, body: DriverPutBody, signal: AbortSignal | undefined): Promise<void> {
  const options = signal ? { signal } : {};
  const out = createWriteStream(tmp, { flags: 'wx' });
  const source = body.bytes ? [body.bytes] : body.toNode();
  await pipeline(source, out, options);
}

/** Copies an opened object's bytes into a new temporary file. */
export async function copyHandleTo(source: FileHandle, tmp: string, signal: AbortSignal | undefined): Promise<void> {
  const out = await open(tmp, 'wx');
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (let position = 0; ;) {
      signal?.throwIfAborted();
      const { bytesRead } = await source.read(buffer, 0, buffer.byteLength, position);
      if (bytesRead === 0) break;
      await out.write(buffer, 0, bytesRead);
      position += bytesRead;
    }
  } finally {
    await out.close();
  }
}

/** The write preconditions, checked under the key's lock just before the commit. */
export interface WritePreconditions {
  ifNotExists: boolean;
  ifMatch?: string;
}

/** Rejects when the preconditions do not hold. Call while holding the key's lock. */
export async function checkPreconditions(paths: ObjectPaths, key: string, pre: WritePreconditions): Promise<void> {
  if (pre.ifNotExists && (await exists(paths.data))) throw new StorageError('AlreadyExists', 'an object with this key exists');
  if (pre.ifMatch !== undefined && (await currentEtag(paths, key)) !== pre.ifMatch) {
    throw new StorageError('PreconditionFailed', 'the etag does not match the stored object');
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (hasErrno(error, 'ENOENT')) return false;
    throw error;
  }
}
