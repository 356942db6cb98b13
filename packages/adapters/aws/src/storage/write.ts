import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import type { DriverPutBody, DriverPutOptions, DriverPutResult } from '@faasade/core/storage';
import { Readable } from 'node:stream';
import { MAX_PARTS } from './options.js';
import { headObject } from './read.js';
import { loadLibStorage } from './sdk.js';
import type { S3Session } from './session.js';

/** Bytes above this go multipart even when held in memory: AWS's advice, and parts retry alone. */
const SINGLE_PUT_LIMIT = 100 * 1024 * 1024;

/** The headers of a new object, shared by PutObject, multipart uploads and streamed copies. */
export type ObjectParams = Omit<PutObjectCommandInput, 'Body'>;

/**
 * PutObject for bytes, a multipart upload for streams. Preconditions travel as
 * `If-None-Match: *` / `If-Match: <etag>`, which S3 checks atomically when the object is
 * committed (PutObject or CompleteMultipartUpload).
 */
export async function putObject(s3: S3Session, key: string, body: DriverPutBody, opts: DriverPutOptions): Promise<DriverPutResult> {
  const params: ObjectParams = {
    Bucket: s3.bucket,
    Key: key,
    ContentType: opts.contentType,
    Metadata: opts.metadata,
    ...(opts.cacheControl === undefined ? {} : { CacheControl: opts.cacheControl }),
    ...(opts.ifNotExists ? { IfNoneMatch: '*' } : {}),
    ...(opts.ifMatch === undefined ? {} : { IfMatch: opts.ifMatch }),
  };
  const { bytes } = body;
  if (bytes && bytes.byteLength <= SINGLE_PUT_LIMIT) {
    const out = await s3.client.send(new s3.sdk.PutObjectCommand({ ...params, Body: bytes, ContentLength: bytes.byteLength }), { abortSignal: opts.signal });
    return { etag: out.ETag ?? (await headObject(s3, key, opts)).etag };
  }
  return uploadStream(s3, params, body.toNode(), body.size, opts.signal);
}

/**
 * Streams `source` as a multipart upload (one PutObject when it fits one part), holding
 * at most `(queueSize + 1) × partSize` bytes. lib-storage aborts the multipart upload when
 * a part, the completion or the source fails, so no part of the object becomes visible.
 * An abort signal destroys the source, which takes that same path: the call settles only
 * after the upload was aborted.
 */
export async function uploadStream(s3: S3Session, params: ObjectParams, source: Readable, size: number | undefined, signal?: AbortSignal): Promise<DriverPutResult> {
  const { Upload } = await loadLibStorage();
  // lib-storage recognises Node streams by `instanceof`; one from another stream library is re-wrapped.
  const body = source instanceof Readable ? source : Readable.from(source);
  const partSize = Math.max(s3.options.partSize, Math.ceil((size ?? 0) / MAX_PARTS));
  // Parts may be resent by the SDK, unless the upload is conditional: a resent completion
  // could then meet its own first attempt as a conflict, which only the portable layer flags.
  const conditional = params.IfNoneMatch !== undefined || params.IfMatch !== undefined;
  const client = conditional ? s3.client : s3.partsClient();
  const upload = new Upload({ client, params: { ...params, Body: body }, partSize, queueSize: s3.options.queueSize });
  const onAbort = (): void => { body.destroy(abortError(signal?.reason)); };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) onAbort();
    const out = await upload.done();
    return { etag: out.ETag ?? (await headObject(s3, params.Key!, {})).etag };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function abortError(reason: unknown): Error {
  return Object.assign(new Error('the put was aborted', { cause: reason }), { name: 'AbortError' });
}
