import type { ByteRange, ObjectInfo, SignedUrlMethod } from './types.js';
import type { RetryOptions } from '../reliability/retry.js';

/** Options every bucket call takes. */
export interface CallOptions {
  /** Abandons the call (for example `ctx.signal`, which fires before the platform's deadline). */
  signal?: AbortSignal;
}

/** Options for `get` and its helpers. */
export interface GetOptions extends CallOptions {
  /** Read only these bytes. */
  range?: ByteRange;
}

/** Options for `put`. */
export interface PutOptions extends CallOptions {
  /** Media type; defaults to `text/plain; charset=utf-8` for a string body, else `application/octet-stream`. */
  contentType?: string;
  /** Stored and returned as `Cache-Control` when the object is served. */
  cacheControl?: string;
  /** User metadata: names `[a-z][a-z0-9_]*` (case-folded), values non-empty printable ASCII, 2 KB in total. */
  metadata?: Record<string, string>;
  /** Write only if no object has this key (fails with `AlreadyExists`); atomic against concurrent writers. */
  ifNotExists?: boolean;
  /** Write only if the object's etag is still this one (fails with `PreconditionFailed`). */
  ifMatch?: string;
}

/** Options for `delete`. */
export interface DeleteOptions extends CallOptions {
  /** Fail with `NotFound` when there is nothing to delete. Default false: deleting is idempotent. */
  mustExist?: boolean;
}

/** Options for `copy`. */
export interface CopyOptions extends CallOptions {
  /** Copy only if the destination key is free (fails with `AlreadyExists`). */
  ifNotExists?: boolean;
}

/** Options for `list`. */
export interface ListOptions extends CallOptions {
  /** Only keys starting with this. */
  prefix?: string;
  /** Fold keys at the first delimiter after the prefix into one `prefix` entry (usually `/`). */
  delimiter?: string;
  /** Entries per request to the service, 1–1000 (default 1000). */
  pageSize?: number;
}

/** Options for `listPage`. */
export interface ListPageOptions extends ListOptions {
  /** The `cursor` of the previous page, to continue after it. */
  cursor?: string;
}

/** Options for `signedUrl`. */
export interface SignedUrlOptions {
  /** What the URL allows; default GET. */
  method?: SignedUrlMethod;
  /** Seconds until it expires, 1–604800; default 3600. */
  expiresIn?: number;
  /** For PUT: the content type the uploader must send. */
  contentType?: string;
}

/** An object being read: its info now, its bytes as they are consumed. */
export interface StorageObject {
  info: ObjectInfo;
  /** The bytes (of the range, if one was asked). Read it to the end or cancel it. */
  body: ReadableStream<Uint8Array>;
}

/** The result of a write. */
export interface PutResult {
  /** The new version's etag, usable as `ifMatch`. */
  etag: string;
}

/** How a `Bucket` is built around a driver. */
export interface BucketOptions {
  /** Prepended to every key, so several logical buckets can share one (like Go CDK's PrefixedBucket). */
  prefix?: string;
  /** How errors name this bucket; defaults to the driver's scheme. Never put credentials here. */
  label?: string;
  /**
   * Retrying of transient failures (`Unavailable`, `ResourceExhausted`, a driver's own
   * timeout): default 4 attempts with full-jitter backoff, cut short by the call's
   * `signal`; `false` turns it off. Which calls are retried: see the storage README.
   */
  retry?: RetryOptions | false;
}

/** Options of `openBucket` beyond what the URL says. */
export interface OpenBucketOptions {
  /** As {@link BucketOptions.retry}; a `?retries=N` in the URL sets `maxAttempts` to N + 1 (0: off). */
  retry?: RetryOptions | false;
}
