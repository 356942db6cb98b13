import type { RequestContext } from './context.js';
import { GcsError } from './errors.js';
import { ObjectHasher } from './hashing.js';
import { FileSink } from './http-util.js';
import { mediaHeaders, sendMedia } from './media.js';
import { validateObjectName } from './names.js';
import type { ObjectMetadata } from './object-metadata.js';
import { parsePreconditions, type Preconditions } from './preconditions.js';
import { checkSignedUrl } from './signature-v4.js';

/** True for XML-API requests authenticated by a signed URL's query string. */
export function isSignedUrlRequest(query: URLSearchParams): boolean {
  return query.has('X-Goog-Signature') || query.has('X-Goog-Algorithm') || (query.has('GoogleAccessId') && query.has('Signature'));
}

/**
 * Serves a signed URL in path style, `/{bucket}/{object}`, the way the XML API does:
 * GET/HEAD download (with Range), PUT uploads the body as the object (Content-Type and
 * `x-goog-meta-*` headers become its metadata; `x-goog-if-generation-match` is honoured),
 * DELETE removes it. Errors are XML. Resumable XML uploads (`x-goog-resumable: start`)
 * are not supported.
 */
export async function handleSignedUrl(ctx: RequestContext, rawPath: string): Promise<void> {
  checkSignedUrl(ctx.req, rawPath, ctx.query, ctx.options.signedUrlKeys);
  const slash = rawPath.indexOf('/', 1);
  if (slash < 0) throw new GcsError(501, 'notImplemented', 'Signed URLs for buckets are not supported', 'NotImplemented');
  const bucket = decodeURIComponent(rawPath.slice(1, slash));
  const name = validateObjectName(decodeURIComponent(rawPath.slice(slash + 1)));
  switch (ctx.req.method) {
    case 'GET':
    case 'HEAD':
      return sendMedia(ctx.req, ctx.res, ctx.store, ctx.store.get(bucket, name), 'xml');
    case 'PUT':
      return putObject(ctx, bucket, name);
    case 'DELETE':
      ctx.store.delete(bucket, name, xmlPreconditions(ctx));
      ctx.res.writeHead(204).end();
      return;
    default:
      throw new GcsError(405, 'methodNotAllowed', `${ctx.req.method} is not supported on signed URLs`, 'MethodNotAllowed');
  }
}

async function putObject(ctx: RequestContext, bucket: string, name: string): Promise<void> {
  if (ctx.req.headers['x-goog-resumable']) {
    throw new GcsError(501, 'notImplemented', 'XML-API resumable uploads are not supported by the test server', 'NotImplemented');
  }
  ctx.store.bucket(bucket);
  const dataPath = ctx.store.newDataPath();
  const hasher = new ObjectHasher();
  const sink = await FileSink.open(dataPath, 'w', 0, (chunk) => hasher.update(chunk));
  try {
    await sink.writeAll(ctx.req);
  } catch (err) {
    ctx.store.discardData(dataPath);
    throw err;
  } finally {
    await sink.close();
  }
  const object = ctx.store.commit(
    { bucket, name, ...metadataFromHeaders(ctx), size: hasher.size, ...hasher.digests(), dataPath },
    xmlPreconditions(ctx),
  );
  const { etag, 'x-goog-generation': generation, 'x-goog-hash': hash } = mediaHeaders(object, 'xml');
  ctx.res.writeHead(200, { etag: etag!, 'x-goog-generation': generation!, 'x-goog-hash': hash!, 'content-length': 0 }).end();
}

function metadataFromHeaders(ctx: RequestContext): ObjectMetadata {
  const h = ctx.req.headers;
  const metadata: Record<string, string> = {};
  for (const [header, value] of Object.entries(h)) {
    if (header.startsWith('x-goog-meta-') && typeof value === 'string') metadata[header.slice('x-goog-meta-'.length)] = value;
  }
  return {
    contentType: h['content-type'] ?? 'application/octet-stream',
    ...(h['cache-control'] ? { cacheControl: h['cache-control'] } : {}),
    ...(h['content-disposition'] ? { contentDisposition: h['content-disposition'] } : {}),
    ...(h['content-encoding'] ? { contentEncoding: h['content-encoding'] } : {}),
    ...(h['content-language'] ? { contentLanguage: h['content-language'] } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}

/** XML API preconditions come as `x-goog-if-generation-match` / `…-metageneration-match` headers. */
function xmlPreconditions(ctx: RequestContext): Preconditions {
  const params = new URLSearchParams();
  const generation = ctx.req.headers['x-goog-if-generation-match'];
  const metageneration = ctx.req.headers['x-goog-if-metageneration-match'];
  if (typeof generation === 'string') params.set('ifGenerationMatch', generation);
  if (typeof metageneration === 'string') params.set('ifMetagenerationMatch', metageneration);
  return parsePreconditions(params);
}
