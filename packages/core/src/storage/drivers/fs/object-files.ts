import { constants } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageError } from '../../errors.js';
import type { ObjectInfo } from '../../types.js';
import { hasErrno } from './fs-errors.js';
import { isLocked } from './key-lock.js';

/**
 * What the sidecar file beside each object holds. `ino` and `size` name the data file it
 * describes: a writer renames the sidecar first and the data file second, so for a moment
 * a reader may see a new sidecar beside old data; the mismatch tells it to look again.
 */
export interface Sidecar {
  v: 1;
  etag: string;
  contentType: string;
  cacheControl?: string;
  metadata: Record<string, string>;
  size: number;
  ino: string;
  lastModified: number;
}

/** The files of one key. */
export interface ObjectPaths {
  data: string;
  sidecar: string;
  lock: string;
}

/** The files of the object named `name` in directory `dir` (see names.ts for the suffixes). */
export function objectPaths(dir: string, name: string): ObjectPaths {
  const data = join(dir, name);
  return { data, sidecar: `${data}%meta`, lock: `${data}%lock` };
}

/** An object opened for reading: the handle keeps its bytes fixed even if it is overwritten. */
export interface OpenedObject {
  handle: FileHandle;
  info: ObjectInfo;
}

const MISMATCH_RETRIES = 200;

/**
 * Opens a key's data file and reads the sidecar that belongs to it. Rejects with
 * `NotFound` when there is no data file and `PermissionDenied` when it is a link.
 */
export async function openObject(paths: ObjectPaths, key: string): Promise<OpenedObject> {
  for (let attempt = 0; ; attempt++) {
    const handle = await open(paths.data, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const stats = await handle.stat({ bigint: true });
      if (!stats.isFile()) throw new StorageError('NotFound', `${paths.data} is not a file`);
      const sidecar = await readSidecar(paths.sidecar);
      const size = Number(stats.size);
      if (sidecar && sidecar.ino === stats.ino.toString() && sidecar.size === size) {
        return { handle, info: infoFromSidecar(key, sidecar) };
      }
      // No sidecar (a file put there by hand) or a stale one (a writer crashed mid-commit).
      if (!sidecar || (attempt >= 3 && !(await isLocked(paths.lock))) || attempt >= MISMATCH_RETRIES) {
        return { handle, info: infoFromStats(key, size, stats.ino, stats.mtimeNs) };
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    await handle.close();
    await sleep(attempt < 3 ? 0 : 5);
  }
}

/** The object's info, without keeping it open. */
export async function statObject(paths: ObjectPaths, key: string): Promise<ObjectInfo> {
  const { handle, info } = await openObject(paths, key);
  await handle.close();
  return info;
}

/** The etag of what is stored now, or undefined when nothing is. Call under the key's lock. */
export async function currentEtag(paths: ObjectPaths, key: string): Promise<string | undefined> {
  try {
    return (await statObject(paths, key)).etag;
  } catch (error) {
    if (hasErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function readSidecar(path: string): Promise<Sidecar | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<Sidecar>;
    return parsed.v === 1 && typeof parsed.etag === 'string' ? (parsed as Sidecar) : undefined;
  } catch (error) {
    // Missing, or not ours: the object is then described from its data file alone.
    if (hasErrno(error, 'ENOENT') || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function infoFromSidecar(key: string, sidecar: Sidecar): ObjectInfo {
  return {
    key, size: sidecar.size, etag: sidecar.etag, contentType: sidecar.contentType, metadata: { ...sidecar.metadata },
    lastModified: new Date(sidecar.lastModified), ...(sidecar.cacheControl === undefined ? {} : { cacheControl: sidecar.cacheControl }),
  };
}

function infoFromStats(key: string, size: number, ino: bigint, mtimeNs: bigint): ObjectInfo {
  return {
    key, size, etag: `"${ino.toString(16)}-${size.toString(16)}-${mtimeNs.toString(16)}"`,
    contentType: 'application/octet-stream', metadata: {}, lastModified: new Date(Number(mtimeNs / 1_000_000n)),
  };
}

/** Streams `length` bytes from `offset` of an opened file, closing it when done or cancelled. */
export function fileBody(handle: FileHandle, offset: number, end: number): ReadableStream<Uint8Array> {
  let position = offset;
  const chunkSize = 256 * 1024;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (position >= end) {
        await handle.close();
        return controller.close();
      }
      const buffer = new Uint8Array(Math.min(chunkSize, end - position));
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.byteLength, position));
      } catch (error) {
        await handle.close().catch(() => {});
        throw error;
      }
      if (bytesRead === 0) {
        await handle.close();
        return controller.close();
      }
      position += bytesRead;
      controller.enqueue(bytesRead === buffer.byteLength ? buffer : buffer.subarray(0, bytesRead));
    },
    async cancel() {
      await handle.close();
    },
  }, { highWaterMark: 0 });
}
