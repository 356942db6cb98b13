import type { GetObjectOutput, HeadObjectOutput } from '@aws-sdk/client-s3';
import type { ByteRange, DriverGetOptions, DriverHeadOptions, DriverObject, ObjectInfo } from '@faasade/core/storage';
import { StorageError } from '@faasade/core/storage';
import { Readable } from 'node:stream';
import type { S3Session } from './session.js';
import { limitBytes } from './limit-bytes.js';

/** HeadObject, as portable info. */
export async function headObject(s3: S3Session, key: string, opts: DriverHeadOptions): Promise<ObjectInfo> {
  const out = await s3.client.send(new s3.sdk.HeadObjectCommand({ Bucket: s3.bucket, Key: key }), { abortSignal: opts.signal });
  return toObjectInfo(key, out, out.ContentLength ?? 0);
}

/**
 * GetObject, streamed. A range past the end gives an empty body (S3 answers 416, so the
 * info comes from a HEAD). A server may ignore or widen a Range (HTTP allows a 200 with
 * the whole object; s3rver reads `bytes=0-0` as the whole object), so the response's
 * Content-Range is checked and the body trimmed here when it holds more than was asked.
 */
export async function getObject(s3: S3Session, key: string, opts: DriverGetOptions): Promise<DriverObject> {
  const { range } = opts;
  let out: GetObjectOutput;
  try {
    out = await s3.client.send(new s3.sdk.GetObjectCommand({
      Bucket: s3.bucket, Key: key, ...(range ? { Range: rangeHeader(range) } : {}),
    }), { abortSignal: opts.signal });
  } catch (error) {
    if (range && isUnsatisfiableRange(error)) {
      return { info: await headObject(s3, key, opts), body: Readable.from([]) };
    }
    throw error;
  }
  const body = out.Body as Readable | undefined;
  if (!body) throw new StorageError('Unknown', 'S3 GetObject answered without a body');
  if (!range) return { info: toObjectInfo(key, out, out.ContentLength ?? 0), body };
  const served = parseContentRange(out.ContentRange);
  const size = served?.size ?? out.ContentLength ?? 0;
  const start = served?.start ?? 0;
  if (start > range.offset) {
    body.destroy();
    throw new StorageError('Unknown', `S3 served bytes from ${start}, not from the requested ${range.offset}`);
  }
  const servedLength = served ? served.end - served.start + 1 : size;
  const wanted = Math.max(0, Math.min(range.length ?? Infinity, size - range.offset));
  const exact = start === range.offset && servedLength <= wanted;
  return { info: toObjectInfo(key, out, size), body: exact ? body : limitBytes(body, range.offset - start, wanted) };
}

/** The portable view of HeadObject / GetObject headers. */
export function toObjectInfo(key: string, out: HeadObjectOutput | GetObjectOutput, size: number): ObjectInfo {
  return {
    key,
    size,
    // S3 sends the etag quoted ("…"), as the other drivers report theirs, and wants it back that way in If-Match.
    etag: out.ETag ?? '',
    contentType: out.ContentType ?? 'application/octet-stream',
    ...(out.CacheControl === undefined ? {} : { cacheControl: out.CacheControl }),
    metadata: { ...out.Metadata },
    lastModified: out.LastModified ?? new Date(0),
  };
}

function rangeHeader(range: ByteRange): string {
  return range.length === undefined
    ? `bytes=${range.offset}-`
    : `bytes=${range.offset}-${range.offset + range.length - 1}`;
}

function isUnsatisfiableRange(error: unknown): boolean {
  const shape = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  return shape?.name === 'InvalidRange' || shape?.$metadata?.httpStatusCode === 416;
}

function parseContentRange(value: string | undefined): { start: number; end: number; size: number } | undefined {
  const match = value === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value);
  return match ? { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) } : undefined;
}
