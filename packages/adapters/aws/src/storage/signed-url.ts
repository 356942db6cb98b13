import type { DriverSignedUrlOptions } from '@faasade/core/storage';
import { loadPresigner } from './sdk.js';
import type { S3Session } from './session.js';

/**
 * A SigV4 query-signed URL for GetObject or PutObject. With a content type, PUT signs the
 * `content-type` header, so the uploader must send exactly that type.
 */
export async function signedUrl(s3: S3Session, key: string, opts: DriverSignedUrlOptions): Promise<string> {
  const { getSignedUrl } = await loadPresigner();
  const step = { step: 'build', priority: 'low', name: 'faasadeNoPresignedChecksum' } as const;
  if (opts.method === 'GET') {
    const command = new s3.sdk.GetObjectCommand({ Bucket: s3.bucket, Key: key });
    command.middlewareStack.add(withoutBodyChecksum, step);
    return getSignedUrl(s3.client, command, { expiresIn: opts.expiresIn });
  }
  const command = new s3.sdk.PutObjectCommand({ Bucket: s3.bucket, Key: key, ...(opts.contentType ? { ContentType: opts.contentType } : {}) });
  command.middlewareStack.add(withoutBodyChecksum, step);
  return getSignedUrl(s3.client, command, {
    expiresIn: opts.expiresIn,
    ...(opts.contentType ? { signableHeaders: new Set(['content-type']) } : {}),
  });
}

/**
 * With the SDK's default checksum mode a presigned PUT carries the CRC32 of an empty body
 * (`x-amz-checksum-crc32=AAAAAA==`), which S3 then checks against the real upload and
 * rejects. A URL is signed before its body exists, so no checksum header belongs in it.
 */
function withoutBodyChecksum<A extends { request: unknown }, R>(next: (args: A) => Promise<R>): (args: A) => Promise<R> {
  return (args) => {
    const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
    for (const name of Object.keys(headers)) {
      if (/^x-amz-(checksum-|sdk-checksum-algorithm$)/i.test(name)) delete headers[name];
    }
    return next(args);
  };
}
