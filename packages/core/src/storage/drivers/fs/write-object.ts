import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, open, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { StorageError } from '../../errors.js';
import type { DriverPutBody } from '../../driver.js';
import { hasErrno } from './fs-errors.js';
import type { DriverPutResult } from '../../driver.js';
import { withKeyLock } from './key-lock.js';
import { keyPath } from './names.js';
import { currentEtag, objectPaths, type ObjectPaths, type Sidecar } from './object-files.js';
import { ensureDir } from './safe-dirs.js';

/** What a commit stores in the sidecar besides what it measures itself. */
export type SidecarFields = Pick<Sidecar, 'contentType' | 'metadata' | 'cacheControl'>;

/**
 * Writes one object atomically: `fill` writes the bytes to a temporary file beside the
 * target; then, under the key's lock, the preconditions are checked and the sidecar and
 * the data file are renamed into place. Whatever fails, no temporary file remains.
 */
export async function commitObject(
  realRoot: string, key: string, fill: (tmp: string) => Promise<void>, fields: SidecarFields, pre: WritePreconditions, now: () => number,
): Promise<DriverPutResult> {
  const target = keyPath(key);
  const paths = objectPaths(await ensureDir(realRoot, target.dirs), target.name);
  const tag = randomBytes(12).toString('hex');
  const tmp = `${paths.data}%tmp.${tag}`;
  const sidecarTmp = `${paths.data}%mtmp.${tag}`;
  try {
    await fill(tmp);
    const written = await stat(tmp, { bigint: true });
    const sidecar: Sidecar = { v: 1, etag: `"${tag}"`, ...fields, size: Number(written.size), ino: written.ino.toString(), lastModified: now() };
    return await withKeyLock(paths.lock, async () => {
      await checkPreconditions(paths, key, pre);
      // Sidecar first, data second: the data rename is the commit point (see object-files.ts).
      await writeFile(sidecarTmp, JSON.stringify(sidecar), { flag: 'wx' });
      await rename(sidecarTmp, paths.sidecar);
      await rename(tmp, paths.data);
      return { etag: sidecar.etag };
    });
  } finally {
    await Promise.all([rm(tmp, { force: true }), rm(sidecarTmp, { force: true })]);
  }
}

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
