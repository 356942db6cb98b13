/** What the storage layer knows about one stored object. */
export interface ObjectInfo {
  /** The key, as the caller named it. */
  key: string;
  /** Size of the whole object in bytes (also for a ranged `get`). */
  size: number;
  /**
   * An opaque version token: it changes whenever the object is written, and passing it
   * back as `ifMatch` succeeds only while the object is unchanged. Compare it only for
   * equality; its format differs per cloud.
   */
  etag: string;
  /** The media type given at `put` (or the default chosen then). */
  contentType: string;
  /** The `Cache-Control` value given at `put`, if any. */
  cacheControl?: string;
  /** User metadata, names lower case. Empty when none was given. */
  metadata: Record<string, string>;
  /** When the object was last written. */
  lastModified: Date;
}

/** A byte range of an object: `length` bytes from `offset` (to the end when `length` is omitted). */
export interface ByteRange {
  /** First byte, 0-based. An offset at or past the end gives an empty body. */
  offset: number;
  /** Number of bytes; fewer are returned when the object ends first. */
  length?: number;
}

/** One object found by `list`. */
export interface ListedObject {
  type: 'object';
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

/**
 * A group of keys folded by the `delimiter`: `key` is the common prefix, ending with the
 * delimiter (listing `photos/` with delimiter `/` yields `photos/2024/` once for all keys under it).
 */
export interface ListedPrefix {
  type: 'prefix';
  key: string;
}

/** An entry of a listing: an object, or a folded prefix when a delimiter is used. */
export type ListEntry = ListedObject | ListedPrefix;

/** One page of a listing. */
export interface ListPage {
  /** Entries in ascending order of the UTF-8 bytes of their keys, objects and prefixes merged. */
  entries: ListEntry[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  cursor?: string;
}

/** The HTTP method a signed URL allows. */
export type SignedUrlMethod = 'GET' | 'PUT';

/**
 * A signed request for a client (a browser, another service) to send without
 * credentials: the URL, the method, and every header it must send as given.
 */
export interface SignedRequest {
  url: string;
  method: SignedUrlMethod;
  /** Header names lower case; includes `content-type` when the URL was signed for one. */
  headers: Record<string, string>;
}

/** The escape hatch to what a driver is built on. */
export interface NativeHandle {
  /** The driver's URL scheme, for example `s3`; check it before casting `client`. */
  scheme: string;
  /** The driver's native client (an `S3Client`, a `ContainerClient`, a GCS `Bucket`, a directory path…). */
  client: unknown;
}
