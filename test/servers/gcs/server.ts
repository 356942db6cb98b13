import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { deleteBucket, getBucket, insertBucket, listBuckets } from './buckets.js';
import { composeObject } from './compose.js';
import type { GcsServerOptions, RequestContext } from './context.js';
import { badRequest, GcsError, sendJsonError, sendXmlError } from './errors.js';
import { requestOrigin } from './http-util.js';
import { listObjects } from './listing.js';
import { copyObject, deleteObject, getObject, patchObject, updateObject } from './objects.js';
import { putResumableChunk } from './resumable-chunks.js';
import { cancelResumableUpload, ResumableSessions } from './resumable-sessions.js';
import { handleSignedUrl, isSignedUrlRequest } from './signed-urls.js';
import { GcsStore } from './store.js';
import { insertObject } from './uploads.js';

export type { GcsServerOptions } from './context.js';

/** JSON API paths come with one of these prefixes, or none (STORAGE_EMULATOR_HOST clients). */
const PREFIXES = [
  ['/upload/storage/v1', 'upload'],
  ['/download/storage/v1', 'download'],
  ['/storage/v1', 'api'],
] as const;

type Mode = (typeof PREFIXES)[number][1];

/**
 * Creates (does not start) the test GCS server: a small implementation of the GCS JSON
 * API as @google-cloud/storage 7 speaks it, plus signed-URL (XML API) object access.
 * Object bytes live in files under `options.dataDir`; metadata lives in memory.
 */
export function createGcsServer(options: GcsServerOptions): Server {
  const store = new GcsStore(options.dataDir);
  const sessions = new ResumableSessions(store);
  return createServer((req, res) => {
    void handle(req, res, store, sessions, options);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, store: GcsStore, sessions: ResumableSessions, options: GcsServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://server');
  const ctx: RequestContext = { req, res, url, query: url.searchParams, origin: requestOrigin(req), store, sessions, options };
  const signed = isSignedUrlRequest(url.searchParams);
  try {
    if (signed) await handleSignedUrl(ctx, url.pathname);
    else await route(ctx, url.pathname);
  } catch (err) {
    (signed ? sendXmlError : sendJsonError)(res, err);
    // Read what is left of a rejected upload so the client gets to see the answer.
    if (!req.complete) req.resume();
  }
}

async function route(ctx: RequestContext, rawPath: string): Promise<void> {
  let mode: Mode = 'api';
  let path = rawPath;
  for (const [prefix, prefixMode] of PREFIXES) {
    if (path === prefix || path.startsWith(`${prefix}/`)) {
      path = path.slice(prefix.length);
      mode = prefixMode;
      break;
    }
  }
  const method = ctx.req.method ?? 'GET';
  let m: RegExpExecArray | null;

  if (path === '/b' || path === '/b/') {
    if (method === 'GET') return listBuckets(ctx);
    if (method === 'POST') return insertBucket(ctx);
  } else if ((m = /^\/b\/([^/]+)\/?$/.exec(path))) {
    const bucket = decode(m[1]!);
    if (method === 'GET') return getBucket(ctx, bucket);
    if (method === 'DELETE') return deleteBucket(ctx, bucket);
  } else if ((m = /^\/b\/([^/]+)\/o\/?$/.exec(path))) {
    const bucket = decode(m[1]!);
    const session = ctx.query.has('upload_id');
    if (method === 'GET' && !session) return listObjects(ctx, bucket);
    if (method === 'POST' && !session) return insertObject(ctx, bucket);
    if (method === 'PUT' && session) return putResumableChunk(ctx);
    if (method === 'DELETE' && session) return cancelResumableUpload(ctx);
  } else if ((m = /^\/b\/([^/]+)\/o\/(.+)\/(rewriteTo|copyTo)\/b\/([^/]+)\/o\/(.+)$/.exec(path))) {
    if (method === 'POST') {
      return copyObject(ctx, { bucket: decode(m[1]!), name: decode(m[2]!) }, { bucket: decode(m[4]!), name: decode(m[5]!) }, m[3] === 'rewriteTo');
    }
  } else if ((m = /^\/b\/([^/]+)\/o\/(.+)\/compose$/.exec(path))) {
    if (method === 'POST') return composeObject(ctx, decode(m[1]!), decode(m[2]!));
  } else if ((m = /^\/b\/([^/]+)\/o\/(.+)$/.exec(path))) {
    const bucket = decode(m[1]!);
    const name = decode(m[2]!);
    if (method === 'GET') return getObject(ctx, bucket, name, mode === 'download');
    if (method === 'PATCH') return patchObject(ctx, bucket, name);
    if (method === 'PUT') return updateObject(ctx, bucket, name);
    if (method === 'DELETE') return deleteObject(ctx, bucket, name);
  }
  throw new GcsError(501, 'notImplemented', `The test GCS server does not implement ${method} ${rawPath}`, 'NotImplemented');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`Invalid percent-encoding in path: ${segment}`);
  }
}
