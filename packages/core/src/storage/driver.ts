/**
 * The interface storage drivers implement. Application code uses `Bucket`
 * (`openBucket` / `bucket`), never a driver directly.
 *
 * The portable layer does the common work once, so drivers must not repeat it:
 * - it validates every key (non-empty, at most 1024 bytes of UTF-8, well-formed, no
 *   control characters) and every option, and applies defaults;
 * - it adds the bucket's key prefix (`?prefix=` in the URL) before calling the driver and
 *   strips it from listed keys;
 * - it checks the bucket is not closed, and calls the driver only for capabilities the
 *   driver declares (otherwise it throws `Unimplemented`);
 * - it turns whatever a driver throws into one {@link StorageError}: a thrown
 *   `StorageError` keeps its code, anything else is classified with
 *   {@link StorageDriver.errorCode}. Drivers may therefore just let native errors through;
 * - it normalises precondition codes: with `ifNotExists` a `PreconditionFailed` becomes
 *   `AlreadyExists`, with `ifMatch` an `AlreadyExists` or `NotFound` becomes
 *   `PreconditionFailed`, so drivers may report whatever their service says.
 *
 * Contract for every method: `opts` is never undefined; `opts.signal`, when set, should
 * abort in-flight requests (the portable layer checks it before calling). Keys arrive as
 * any valid key — including `../x`, `/abs`, `a//b`, `dir/`, backslashes, quotes, spaces
 * and any Unicode. A driver whose service cannot store some of them as-is must escape
 * them reversibly, so `list` returns the key that was written.
 * @packageDocumentation
 */
import type { Readable } from 'node:stream';
import type { StorageErrorCode } from './errors.js';
import type { ByteRange, ListPage, ObjectInfo, SignedUrlMethod } from './types.js';

/** Optional features. The portable layer refuses options needing a missing one (`Unimplemented`). */
export interface DriverCapabilities {
  /** `put`/`copy` with `ifNotExists` is enforced atomically by the service, also between concurrent writers. */
  ifNotExists: boolean;
  /** `put` with `ifMatch` (compare-and-swap on the etag) is enforced atomically by the service. */
  ifMatch: boolean;
  /** `signedUrl` with method GET. */
  signedGetUrl: boolean;
  /** `signedUrl` with method PUT. */
  signedPutUrl: boolean;
}

/** Options common to every driver call. */
export interface DriverCallOptions {
  /** Fires when the caller gives up. */
  signal?: AbortSignal;
}

/** `head` options. */
export type DriverHeadOptions = DriverCallOptions;

/** `get` options. */
export interface DriverGetOptions extends DriverCallOptions {
  /**
   * Bytes to return. Absent: the whole object. The portable layer guarantees integers,
   * `offset >= 0` and `length >= 1` when set (a zero length never reaches the driver).
   * An offset at or past the end must give an empty body, not an error (services that
   * answer 416 need a `head` to fill in the info).
   */
  range?: ByteRange;
}

/** What `get` resolves to. */
export interface DriverObject {
  /** The object's info; `size` is the whole object's size even for a range. */
  info: ObjectInfo;
  /**
   * The requested bytes. Either stream kind is accepted; the portable layer hands callers
   * a Web stream and maps errors raised while reading through {@link StorageDriver.errorCode}.
   * The object must be fixed when `get` resolves: a concurrent overwrite must not mix
   * into this body.
   */
  body: ReadableStream<Uint8Array> | Readable;
}

/**
 * The body of a `put`, in whichever form the driver's SDK wants. For a stream, exactly
 * one of `toWeb()` / `toNode()` may be called, once; a body given as bytes can be read
 * again (the portable layer retries such puts with the same object). Small bodies given as bytes or a string
 * arrive in `bytes` so a driver can send one request with a known length; streams must
 * be sent without holding them whole in memory (multipart, block list, resumable).
 */
export interface DriverPutBody {
  /** The whole body, when the caller passed bytes or a string; undefined for streams. */
  readonly bytes: Uint8Array | undefined;
  /** The length in bytes when known (always when `bytes` is set). */
  readonly size: number | undefined;
  /** The body as a Web stream. */
  toWeb(): ReadableStream<Uint8Array>;
  /** The body as a Node stream (no conversion when the caller passed one). */
  toNode(): Readable;
}

/** `put` options, defaults applied. */
export interface DriverPutOptions extends DriverCallOptions {
  /** Always set (the portable layer chooses a default). */
  contentType: string;
  /** Set only when the caller gave one. */
  cacheControl?: string;
  /**
   * Always set, possibly empty. Names match `[a-z][a-z0-9_]*` (letters, digits and `_`,
   * so Azure's identifier rule holds without escaping); values are non-empty printable ASCII
   * without leading or trailing spaces (they travel as HTTP headers). At most 2 KB in total.
   */
  metadata: Record<string, string>;
  /** When true the write must fail (AlreadyExists or PreconditionFailed) if the key exists. */
  ifNotExists: boolean;
  /** When set the write must fail (PreconditionFailed) unless the current etag equals it. */
  ifMatch?: string;
}

/** What `put` resolves to. */
export interface DriverPutResult {
  /** The new object's etag, as `head` would report it afterwards. */
  etag: string;
}

/** `delete` options. */
export interface DriverDeleteOptions extends DriverCallOptions {
  /**
   * When true, a missing object must reject with `NotFound`. When false the driver may
   * skip that check and resolve (the portable layer ignores `NotFound` then anyway).
   */
  mustExist: boolean;
}

/** `copy` options. */
export interface DriverCopyOptions extends DriverCallOptions {
  /** When true the copy must fail (AlreadyExists or PreconditionFailed) if the destination exists. */
  ifNotExists: boolean;
}

/** `list` options, defaults applied. */
export interface DriverListOptions extends DriverCallOptions {
  /** Only keys starting with this (already including the bucket's key prefix). May be empty. */
  prefix: string;
  /** When set (non-empty), keys are folded at the first delimiter after the prefix. */
  delimiter?: string;
  /** At most this many entries (1–1000). A page may hold fewer even when more follow. */
  pageSize: number;
  /** A cursor this driver returned for the same prefix and delimiter. */
  cursor?: string;
}

/** `signedUrl` options, validated. */
export interface DriverSignedUrlOptions {
  method: SignedUrlMethod;
  /** Seconds the URL stays valid, 1–604800 (seven days, the S3 maximum). */
  expiresIn: number;
  /** For PUT: the content type the uploader must send, when the caller fixed one. */
  contentType?: string;
}

/** A signed URL with the headers its client must send. */
export interface DriverSignedRequest {
  url: string;
  /** Header names lower case. `content-type` need not be listed: the portable layer adds it. */
  headers?: Record<string, string>;
}

/**
 * A storage driver: one bucket (container) of one service. Created by a
 * {@link StorageScheme}'s `open` or directly by a driver's constructor. Creating one must
 * not contact the service or import its SDK eagerly: that happens on the first call.
 */
export interface StorageDriver {
  /** The URL scheme this driver serves, for example `s3`; also reported by `native()`. */
  readonly scheme: string;
  /** What the driver supports; see {@link DriverCapabilities}. */
  readonly capabilities: DriverCapabilities;

  /**
   * The object's info. Must reject with `NotFound` when the object does not exist, and
   * with `NotFound` when the bucket does not exist (the message may say which).
   */
  head(key: string, opts: DriverHeadOptions): Promise<ObjectInfo>;

  /** A streamed read. Must reject with `NotFound` when the object or bucket does not exist. */
  get(key: string, opts: DriverGetOptions): Promise<DriverObject>;

  /**
   * Stores the body under the key, atomically: readers see the old object or the whole
   * new one, never part of it. If the body stream fails, or the write fails, nothing may
   * remain (abort multipart uploads, remove temp files) and the call rejects. Concurrent
   * writers to one key leave exactly one whole version (body, content type and metadata
   * from the same writer). Must reject with `NotFound` when the bucket does not exist.
   */
  put(key: string, body: DriverPutBody, opts: DriverPutOptions): Promise<DriverPutResult>;

  /** Removes the object. See {@link DriverDeleteOptions.mustExist} for missing objects. */
  delete(key: string, opts: DriverDeleteOptions): Promise<void>;

  /**
   * Copies data, content type, cache control and metadata from `srcKey` to `dstKey`
   * (same bucket), atomically for the destination. Must reject with `NotFound` when the
   * source does not exist. Copies of any size must work (multipart copy where needed).
   */
  copy(dstKey: string, srcKey: string, opts: DriverCopyOptions): Promise<DriverPutResult>;

  /**
   * One page of keys starting with `opts.prefix`, in ascending order of their UTF-8 bytes,
   * objects and folded prefixes merged into one order. A prefix appears once across all
   * pages. Must reject with `NotFound` when the bucket does not exist.
   */
  list(opts: DriverListOptions): Promise<ListPage>;

  /**
   * A URL that lets its holder GET or PUT this one key without credentials until it
   * expires. Called only when the matching capability is declared. Must not require the
   * object to exist. Return the URL alone, or with the headers a client must send besides
   * `content-type` (Azure's Put Blob needs `x-ms-blob-type: BlockBlob`, which a SAS cannot
   * carry); callers of `Bucket.signedRequest` get them to pass on.
   */
  signedUrl(key: string, opts: DriverSignedUrlOptions): Promise<string | DriverSignedRequest>;

  /** Classifies a native error this driver (or its SDK) threw. Return `Unknown` when unsure. */
  errorCode(error: unknown): StorageErrorCode;

  /** The native client, for the escape hatch. May load the SDK. */
  native(): unknown;

  /** Releases sockets and handles. Called once; no other call follows. */
  close(): Promise<void>;
}

/**
 * How a URL scheme becomes a driver. Cloud driver packages export one named
 * `storageScheme` (for example from `@faasade/aws/s3`) and register it with
 * `registerStorageScheme`.
 */
export interface StorageScheme {
  /** The URL scheme without the colon, for example `s3`, `azblob`, `gs`. */
  readonly scheme: string;
  /**
   * Makes a driver for `url` (the bucket's URL, `prefix` parameter already removed).
   * Must reject unknown query parameters with `InvalidArgument`, so typos surface. Must
   * not contact the service; may import the SDK (it runs on the bucket's first call).
   */
  open(url: URL): StorageDriver | Promise<StorageDriver>;
}
