import { open, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageError } from '../../errors.js';
import { hasErrno } from './fs-errors.js';

/** A lock older than this is left from a crashed writer: commits hold it for milliseconds. */
const STALE_LOCK_MS = 10_000;
/** How long a writer waits for a lock before giving up with `Unavailable`. */
const LOCK_TIMEOUT_MS = 30_000;

// In-process queue per lock path: writers of this process wait here instead of polling the file.
const queues = new Map<string, Promise<void>>();

/**
 * Runs `commit` while holding the key's lock: first in this process (a promise queue),
 * then across processes (a lock file created with O_EXCL, which only one creator wins).
 * The lock covers only the precondition check and the renames, never the data transfer.
 */
export async function withKeyLock<T>(lockPath: string, commit: () => Promise<T>): Promise<T> {
  const previous = queues.get(lockPath) ?? Promise.resolve();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const mine = previous.then(() => gate);
  queues.set(lockPath, mine);
  await previous;
  try {
    await acquireLockFile(lockPath);
    try {
      return await commit();
    } finally {
      await rm(lockPath, { force: true });
    }
  } finally {
    release();
    if (queues.get(lockPath) === mine) queues.delete(lockPath);
  }
}

/** True while some writer (of any process) holds the key's lock. */
export async function isLocked(lockPath: string): Promise<boolean> {
  try {
    await stat(lockPath);
    return true;
  } catch {
    return false;
  }
}

async function acquireLockFile(lockPath: string): Promise<void> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 25)) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.close();
      return;
    } catch (error) {
      if (!hasErrno(error, 'EEXIST')) throw error;
    }
    if (await breakIfStale(lockPath)) continue;
    if (Date.now() > deadline) throw new StorageError('Unavailable', `timed out waiting for the write lock ${lockPath}`);
    await sleep(wait);
  }
}

async function breakIfStale(lockPath: string): Promise<boolean> {
  try {
    const { mtimeMs } = await stat(lockPath);
    if (Date.now() - mtimeMs < STALE_LOCK_MS) return false;
    await rm(lockPath, { force: true });
    return true;
  } catch (error) {
    // Gone meanwhile: try again at once.
    if (hasErrno(error, 'ENOENT')) return true;
    throw error;
  }
}
