import { pipeline } from 'node:stream/promises';
import type { Bucket, CreateWriteStreamOptions, FileMetadata, PreconditionOptions } from '@google-cloud/storage';
import { StorageError, type DriverPutBody, type DriverPutOptions, type DriverPutResult } from '@faasade/core/storage';
import { formatEtag, parseEtag, versionOf } from './object-info.js';

/**
 * The JSON API preconditions for a write. `ifNotExists` is `ifGenerationMatch=0` ("no live
 * object"); `ifMatch` compares both numbers of the portable etag (see `formatEtag`).
 */
export function writePreconditions(ifNotExists: boolean, ifMatch: string | undefined, key: string): PreconditionOptions | undefined {
  if (ifNotExists) return { ifGenerationMatch: 0 };
  if (ifMatch === undefined) return undefined;
  const version = parseEtag(ifMatch);
  // Not an etag this driver made, so it cannot be the object's current one.
  if (!version) throw new StorageError('PreconditionFailed', `ifMatch "${ifMatch}" is not a gs:// etag (<generation>.<metageneration>)`, { key });
  return { ifGenerationMatch: version.generation, ifMetagenerationMatch: version.metageneration };
}

/**
 * Bodies up to this size, given as bytes, go in one multipart request; anything larger
 * or streamed goes as a resumable upload (Google's advice for uploads over a few MB: a
 * resumable session survives a dropped connection).
 */
const MULTIPART_MAX_BYTES = 8 * 1024 * 1024;

/** Whether a body goes as a resumable upload (streams and large bytes) rather than one multipart request. */
export function isResumable(body: DriverPutBody): boolean {
  return body.bytes === undefined || body.bytes.byteLength > MULTIPART_MAX_BYTES;
}

/**
 * Stores a body. Small bytes go in one multipart request; streams and large bodies go as a
 * resumable upload, sent as one streamed PUT without holding a stream in memory. The SDK
 * checks the CRC32C the service reports against the bytes it sent. GCS only creates the
 * object when an upload completes, so a body stream that fails (or an abort) leaves nothing behind: `pipeline`
 * destroys the SDK's stream, which aborts the request and never finalises the session.
 */
export async function uploadObject(bucket: Bucket, key: string, body: DriverPutBody, opts: DriverPutOptions): Promise<DriverPutResult> {
  const preconditionOpts = writePreconditions(opts.ifNotExists, opts.ifMatch, key);
  const resumable = isResumable(body);
  const metadata: FileMetadata & { contentLength?: number } = { contentType: opts.contentType, metadata: { ...opts.metadata } };
  if (opts.cacheControl !== undefined) metadata.cacheControl = opts.cacheControl;
  // Sent as X-Upload-Content-Length, so the service can refuse a body that ends early.
  if (resumable && body.size !== undefined) metadata.contentLength = body.size;
  const options: CreateWriteStreamOptions = { resumable, metadata };
  if (preconditionOpts) options.preconditionOpts = preconditionOpts;

  const file = bucket.file(key);
  await pipeline(body.toNode(), file.createWriteStream(options), opts.signal ? { signal: opts.signal } : {});
  return { etag: formatEtag(versionOf(file.metadata)) };
}
