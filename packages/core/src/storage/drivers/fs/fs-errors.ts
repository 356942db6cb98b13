import type { StorageErrorCode } from '../../errors.js';
import { isStorageError } from '../../errors.js';

const CODES: Readonly<Record<string, StorageErrorCode>> = {
  ENOENT: 'NotFound',
  ENOTDIR: 'NotFound',
  EACCES: 'PermissionDenied',
  EPERM: 'PermissionDenied',
  EROFS: 'PermissionDenied',
  // O_NOFOLLOW met a symlink: a key must not lead outside the root.
  ELOOP: 'PermissionDenied',
  ENAMETOOLONG: 'InvalidArgument',
  EEXIST: 'AlreadyExists',
  ENOSPC: 'ResourceExhausted',
  EDQUOT: 'ResourceExhausted',
  EMFILE: 'Unavailable',
  ENFILE: 'Unavailable',
  EBUSY: 'Unavailable',
  EAGAIN: 'Unavailable',
  EIO: 'Unavailable',
};

/** Maps a Node file system error (errno code) to a portable code. */
export function fsErrorCode(error: unknown): StorageErrorCode {
  if (isStorageError(error)) return error.code;
  if (error instanceof Error && error.name === 'AbortError') return 'Canceled';
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && CODES[code]) || 'Unknown';
}

/** True when `error` is a Node errno error with this code. */
export function hasErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}
