import { isStorageError } from '../../errors.js';
import { PutBodySource } from '../../put-body.js';
import type { FsDriver } from './fs-driver.js';

const STATUS: Readonly<Record<string, number>> = { PermissionDenied: 403, NotFound: 404, InvalidArgument: 400, Canceled: 400 };

/**
 * Serves signed URLs of a local bucket as a Fetch handler, the way a cloud's storage
 * endpoint serves its own: GET streams the object, PUT stores the request body. Mount it
 * at the driver's `signedUrlBase` (the dev server does). Expired, forged or wrong-method
 * URLs get 403, like S3 and Azure answer them.
 */
export function fsSignedUrlHandler(driver: FsDriver): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      if (request.method === 'GET') {
        const grant = await driver.verifySignedUrl(request.url, 'GET');
        const { info, body } = await driver.get(grant.key, {});
        const headers = new Headers({ 'content-type': info.contentType, 'content-length': String(info.size), etag: info.etag });
        if (info.cacheControl) headers.set('cache-control', info.cacheControl);
        return new Response(body as ReadableStream<Uint8Array>, { status: 200, headers });
      }
      if (request.method === 'PUT') {
        const contentType = request.headers.get('content-type') ?? undefined;
        const grant = await driver.verifySignedUrl(request.url, 'PUT', contentType);
        const body = PutBodySource.from(request.body ?? new Uint8Array(0))!;
        const { etag } = await driver.put(grant.key, body, {
          contentType: contentType ?? 'application/octet-stream', metadata: {}, ifNotExists: false,
        });
        return new Response(null, { status: 200, headers: { etag } });
      }
      return new Response(null, { status: 405, headers: { allow: 'GET, PUT' } });
    } catch (error) {
      const status = isStorageError(error) ? (STATUS[error.code] ?? 500) : (STATUS[driver.errorCode(error)] ?? 500);
      return new Response(null, { status });
    }
  };
}
