/**
 * Writes a block blob. Bytes go in one Put Blob (or parallel blocks when large); streams
 * are staged as blocks and committed with one Put Block List, so nothing becomes visible
 * unless the whole stream arrived: staged blocks that are never committed are not listed
 * and the service discards them (https://learn.microsoft.com/rest/api/storageservices/put-block-list).
 * Preconditions are checked by the service at that single commit.
 *
 * Staged blocks belong to the blob name, not to the writer: a commit by a concurrent
 * writer (or a Put Blob, or a delete) discards every block it does not list, and the
 * other writer's commit then fails with `InvalidBlockList`. S3 and GCS let both writes
 * succeed, the last one winning; here the losing write is reported the same way, as a
 * write that the concurrent one replaced at once (a valid order of the two). Its etag
 * matches no version, so an `ifMatch` with it fails as it should. A conditional write
 * that loses reports `PreconditionFailed` instead: the object changed under it.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobRequestConditions, BlockBlobClient } from '@azure/storage-blob';
import { StorageError, type DriverPutBody, type DriverPutOptions, type DriverPutResult } from '@faasade/core/storage';

/** Block size and parallelism of streamed uploads; memory held is about `blockSize × concurrency`. */
export interface UploadTuning {
  /** Bytes per staged block (default 8 MiB). */
  blockSize: number;
  /** Blocks in memory and in flight at once (default 5). */
  concurrency: number;
  /** Bodies given as bytes up to this size go in one request (default 32 MiB). */
  singleShotMaxBytes: number;
}

/** Uploads `body` to `blob` with the options' headers, metadata and precondition. */
export async function uploadBlockBlob(
  blob: BlockBlobClient, body: DriverPutBody, opts: DriverPutOptions, tuning: UploadTuning,
): Promise<DriverPutResult> {
  try {
    return await upload(blob, body, opts, tuning);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'InvalidBlockList') throw error;
    if (opts.ifNotExists || opts.ifMatch !== undefined) {
      throw new StorageError('PreconditionFailed', 'a concurrent write to the same key replaced the object first', { cause: error });
    }
    return { etag: `"superseded-${randomUUID()}"` };
  }
}

async function upload(
  blob: BlockBlobClient, body: DriverPutBody, opts: DriverPutOptions, tuning: UploadTuning,
): Promise<DriverPutResult> {
  const common = {
    blobHTTPHeaders: { blobContentType: opts.contentType, blobCacheControl: opts.cacheControl },
    metadata: opts.metadata, // portable names are valid Azure names as they are
    conditions: conditionsFor(opts),
    abortSignal: opts.signal,
  };
  if (body.bytes) {
    const { etag } = await blob.uploadData(body.bytes, {
      ...common, blockSize: tuning.blockSize, concurrency: tuning.concurrency, maxSingleShotSize: tuning.singleShotMaxBytes,
    });
    return { etag: etag ?? '' };
  }
  const source = guardedStream(body.toNode(), opts.signal);
  try {
    const { etag } = await blob.uploadStream(source, tuning.blockSize, tuning.concurrency, common);
    return { etag: etag ?? '' };
  } finally {
    source.destroy(); // after a failed block, stop reading the caller's stream
  }
}

/** `ifNotExists` is `If-None-Match: *`; `ifMatch` compares the etag. */
function conditionsFor(opts: DriverPutOptions): BlobRequestConditions | undefined {
  if (opts.ifNotExists) return { ifNoneMatch: '*' };
  if (opts.ifMatch !== undefined) return { ifMatch: opts.ifMatch };
  return undefined;
}

/**
 * The SDK's block scheduler waits for `end` or `error` on the stream it is given: a
 * stream that is destroyed without an error, or was already broken, would leave it
 * waiting forever, and the abort signal does not reach block uploads. Piping through a
 * PassThrough turns each of these into an error the scheduler sees.
 */
function guardedStream(source: Readable, signal: AbortSignal | undefined): PassThrough {
  const pass = new PassThrough();
  pipeline(source, pass, signal ? { signal } : {}).catch(() => {
    // The error reaches the scheduler through `pass`; this only keeps the promise handled.
  });
  return pass;
}
