import { badRequest, GcsError } from './errors.js';

/**
 * Object name rules GCS enforces (https://cloud.google.com/storage/docs/objects#naming):
 * 1–1024 bytes of UTF-8, no CR or LF, not `.` or `..`.
 */
export function validateObjectName(name: string | null | undefined): string {
  if (name === null || name === undefined || name === '') {
    throw new GcsError(400, 'required', 'Required parameter: name', 'InvalidArgument');
  }
  if (Buffer.byteLength(name, 'utf8') > 1024 || /[\r\n]/.test(name) || name === '.' || name === '..' || name.includes('\uFFFD')) {
    throw badRequest(`The specified object name is not valid: ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * Bucket name rules (https://cloud.google.com/storage/docs/buckets#naming), the common
 * subset: 3–63 characters of lowercase letters, digits, `-`, `_` and `.`, starting and
 * ending with a letter or digit.
 */
export function validateBucketName(name: unknown): string {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(name)) {
    throw badRequest(`Invalid bucket name: ${JSON.stringify(name)}`);
  }
  return name;
}
