import { lstat, mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '../../errors.js';
import { hasErrno } from './fs-errors.js';

/**
 * Keeps every file operation inside the bucket's root. Key names cannot climb out (see
 * names.ts: `..` is escaped, `/` only separates), so what remains is a symbolic link
 * placed inside the root: these checks refuse to go through one. A link swapped in
 * between the check and the use (a race needing write access to the root) is not covered.
 */

function escapes(where: string): StorageError {
  return new StorageError('PermissionDenied', `${where} is a symbolic link or not a directory; keys may not lead outside the bucket root`);
}

/**
 * Resolves the directory for `dirs` for reading: rejects with `NotFound` when it does not
 * exist and `PermissionDenied` when a link is on the way.
 */
export async function existingDir(realRoot: string, dirs: readonly string[]): Promise<string> {
  const expected = join(realRoot, ...dirs);
  if (dirs.length === 0) return expected;
  // One realpath call resolves every link on the way; any difference means one was followed.
  const actual = await realpath(expected);
  if (actual !== expected) throw escapes(dirs.join('/'));
  return expected;
}

/**
 * Creates the directories for `dirs` one level at a time, checking each is a real
 * directory before going below it, so nothing is ever created through a link.
 */
export async function ensureDir(realRoot: string, dirs: readonly string[]): Promise<string> {
  let path = realRoot;
  for (const dir of dirs) {
    path = join(path, dir);
    try {
      await mkdir(path);
    } catch (error) {
      if (!hasErrno(error, 'EEXIST')) throw error;
      const stats = await lstat(path);
      if (!stats.isDirectory()) throw escapes(path.slice(realRoot.length + 1));
    }
  }
  return path;
}
