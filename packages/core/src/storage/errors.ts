/**
 * What went wrong with a storage call, independent of the cloud. Callers branch on this,
 * never on messages (which differ per driver and may change).
 */
export type StorageErrorCode =
  /** The object (or, for a bucket-level call, the bucket) does not exist. */
  | 'NotFound'
  /** `put`/`copy` with `ifNotExists`, and an object already exists under the key. */
  | 'AlreadyExists'
  /** `put` with `ifMatch`, and the object's current etag differs (or the object is gone). */
  | 'PreconditionFailed'
  /** Credentials are missing, wrong or not allowed to do this; a signed URL is expired or forged. */
  | 'PermissionDenied'
  /** A bad key, option, URL or binding name. Retrying the same call cannot succeed. */
  | 'InvalidArgument'
  /** The driver or its service does not support what was asked (see driver capabilities). */
  | 'Unimplemented'
  /** The service cannot be reached or answered 5xx. Retrying later may succeed. */
  | 'Unavailable'
  /** The service is throttling (HTTP 429, S3 `SlowDown`). Retry with backoff. */
  | 'ResourceExhausted'
  /** The service did not answer in time. */
  | 'DeadlineExceeded'
  /** The caller gave up: its `AbortSignal` fired, or the body stream it passed to `put` failed. Nothing was written. */
  | 'Canceled'
  /** The bucket was closed with `close()` before this call. */
  | 'Closed'
  /** Anything else; `cause` holds the original error. */
  | 'Unknown';

/** Every code, for validation and exhaustive tests. */
export const STORAGE_ERROR_CODES: readonly StorageErrorCode[] = [
  'NotFound', 'AlreadyExists', 'PreconditionFailed', 'PermissionDenied', 'InvalidArgument', 'Unimplemented',
  'Unavailable', 'ResourceExhausted', 'DeadlineExceeded', 'Canceled', 'Closed', 'Unknown',
];

/** Where a storage error happened; all optional because a driver may throw one too. */
export interface StorageErrorOptions {
  /** The object key the call was about (as the caller passed it, without a bucket prefix). */
  key?: string;
  /** The bucket, as a URL without credentials or as the binding name. */
  bucket?: string;
  /** The portable operation, for example `get` or `put`. */
  operation?: string;
  /** The driver's or service's original error. */
  cause?: unknown;
  /** See {@link StorageError.ambiguous}. Default false. */
  ambiguous?: boolean;
}

/**
 * The one error the storage API throws. `code` says what happened, `key` and `bucket`
 * say where, `cause` keeps the driver's original error for logs.
 *
 * @example
 * try { return await images.getBytes(key); }
 * catch (err) { if (isStorageError(err, 'NotFound')) return placeholder; throw err; }
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;
  readonly key: string | undefined;
  readonly bucket: string | undefined;
  readonly operation: string | undefined;
  /**
   * True on a conflict (`AlreadyExists`, `PreconditionFailed`, or `NotFound` from a
   * `delete` with `mustExist`) met by a *retried* conditional call, after an earlier
   * attempt of the same call failed in transit (a connection reset, a timeout, a 5xx).
   * That earlier attempt may have been applied, so the conflict may be this call's own
   * write: neither a success nor a plain conflict. Read the object back to decide (for
   * example, compare a token your write put in it). False on every other error.
   */
  readonly ambiguous: boolean;

  constructor(code: StorageErrorCode, message: string, options: StorageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.key = options.key;
    this.bucket = options.bucket;
    this.operation = options.operation;
    this.ambiguous = options.ambiguous === true;
  }
}

/**
 * True for a {@link StorageError} (also one from another copy of this package), and, when
 * `code` is given, only for that code.
 */
export function isStorageError(value: unknown, code?: StorageErrorCode): value is StorageError {
  const isOne = value instanceof StorageError
    || (value instanceof Error && value.name === 'StorageError' && typeof (value as StorageError).code === 'string');
  return isOne && (code === undefined || (value as StorageError).code === code);
}
