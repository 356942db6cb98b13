import type { HeadObjectOutput } from '@aws-sdk/client-s3';
import type { DriverCopyOptions, DriverPutResult } from '@faasade/core/storage';
import type { Readable } from 'node:stream';
import { headObject } from './read.js';
import type { S3Session } from './session.js';
import { uploadStream, type ObjectParams } from './write.js';

/**
 * Copies within the bucket. A HEAD of the source comes first: it gives `NotFound` for a
 * missing source on every S3-compatible server, and the size that decides between one
 * server-side CopyObject (S3 allows up to 5 GiB) and a streamed multipart copy.
 */
export async function copyObject(s3: S3Session, dstKey: string, srcKey: string, opts: DriverCopyOptions): Promise<DriverPutResult> {
  const source = await s3.client.send(new s3.sdk.HeadObjectCommand({ Bucket: s3.bucket, Key: srcKey }), { abortSignal: opts.signal });
  const attributes = copiedAttributes(source);
  const condition = opts.ifNotExists ? { IfNoneMatch: '*' } : {};
  if ((source.ContentLength ?? 0) > s3.options.serverSideCopyLimit) {
    return streamCopy(s3, { Bucket: s3.bucket, Key: dstKey, ...attributes, ...condition }, srcKey, source, opts.signal);
  }
  const out = await s3.client.send(new s3.sdk.CopyObjectCommand({
    Bucket: s3.bucket,
    Key: dstKey,
    CopySource: `${s3.bucket}/${encodeCopySourceKey(srcKey)}`,
    // S3 refuses to copy an object onto itself unchanged; restating its attributes makes that a rewrite.
    ...(dstKey === srcKey ? { MetadataDirective: 'REPLACE', ...attributes } : { MetadataDirective: 'COPY' }),
    ...condition,
  }), { abortSignal: opts.signal });
  return { etag: out.CopyObjectResult?.ETag ?? (await headObject(s3, dstKey, opts)).etag };
}

/**
 * The copy source is URL-decoded by S3, which also reads `+` as a space, so `%`, `+`, `?`
 * and `#` (and everything outside ASCII) are escaped; `/` and the other reserved
 * characters stay as they are because s3rver decodes with `decodeURI`, which keeps their
 * escapes literally.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html#API_CopyObject_RequestSyntax
 */
export function encodeCopySourceKey(key: string): string {
  return encodeURI(key).replace(/[?#+]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The attributes a copy keeps, for the cases that must state them (self-copy, streamed copy). */
function copiedAttributes(source: HeadObjectOutput): Omit<ObjectParams, 'Bucket' | 'Key'> {
  return {
    ContentType: source.ContentType,
    Metadata: source.Metadata ?? {},
    ...(source.CacheControl === undefined ? {} : { CacheControl: source.CacheControl }),
    ...(source.ContentEncoding === undefined ? {} : { ContentEncoding: source.ContentEncoding }),
    ...(source.ContentDisposition === undefined ? {} : { ContentDisposition: source.ContentDisposition }),
    ...(source.ContentLanguage === undefined ? {} : { ContentLanguage: source.ContentLanguage }),
  };
}

/**
 * A copy too large for CopyObject: the source is read (pinned to the version the HEAD saw
 * with If-Match, so a concurrent overwrite fails the copy instead of mixing versions) and
 * written as a multipart upload, which is aborted if either side fails.
 */
async function streamCopy(s3: S3Session, params: ObjectParams, srcKey: string, source: HeadObjectOutput, signal?: AbortSignal): Promise<DriverPutResult> {
  const read = await s3.client.send(new s3.sdk.GetObjectCommand({
    Bucket: s3.bucket, Key: srcKey, ...(source.ETag ? { IfMatch: source.ETag } : {}),
  }), { abortSignal: signal });
  const body = read.Body as Readable;
  try {
    return await uploadStream(s3, params, body, source.ContentLength, signal);
  } finally {
    body.destroy();
  }
}
