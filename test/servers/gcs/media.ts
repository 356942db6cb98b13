import { closeSync, createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { GcsError } from './errors.js';
import { xGoogHash } from './hashing.js';
import { objectEtag } from './resource.js';
import type { GcsStore, StoredObject } from './store.js';

/** Which API a download is answered for: the XML API (signed URLs) adds `x-goog-meta-*`. */
export type MediaApi = 'json' | 'xml';

/**
 * Streams an object's bytes (or the `Range` asked for) with the headers GCS sends on a
 * media download, including `x-goog-hash` and `x-goog-stored-content-encoding`, which
 * @google-cloud/storage needs to validate a full download.
 */
export async function sendMedia(req: IncomingMessage, res: ServerResponse, store: GcsStore, object: StoredObject, api: MediaApi): Promise<void> {
  const range = parseRange(req.headers.range, object.size);
  if (range === 'unsatisfiable') {
    res.setHeader('content-range', `bytes */${object.size}`);
    throw new GcsError(416, 'requestedRangeNotSatisfiable', 'The requested range cannot be satisfied.', 'InvalidRange');
  }
  const fd = store.openData(object);
  const start = range?.start ?? 0;
  const end = range?.end ?? object.size - 1;
  const headers: Record<string, string | number> = {
    ...mediaHeaders(object, api),
    'content-length': end - start + 1,
  };
  if (range) headers['content-range'] = `bytes ${start}-${end}/${object.size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || object.size === 0) {
    closeSync(fd);
    res.end();
    return;
  }
  await pipeline(createReadStream('', { fd, start, end }), res);
}

/** Headers describing a stored object, shared by downloads and XML-API uploads. */
export function mediaHeaders(object: StoredObject, api: MediaApi): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.contentType ?? 'application/octet-stream',
    etag: api === 'xml' && object.md5Hash ? `"${Buffer.from(object.md5Hash, 'base64').toString('hex')}"` : objectEtag(object),
    'last-modified': object.updated.toUTCString(),
    'cache-control': object.cacheControl ?? 'private, max-age=0',
    'accept-ranges': 'bytes',
    'x-goog-generation': String(object.generation),
    'x-goog-metageneration': String(object.metageneration),
    'x-goog-hash': xGoogHash(object),
    'x-goog-stored-content-length': String(object.size),
    // Served as stored (no decompressive transcoding); the client gunzips gzip itself.
    'x-goog-stored-content-encoding': object.contentEncoding ?? 'identity',
  };
  if (object.contentEncoding) headers['content-encoding'] = object.contentEncoding;
  if (object.contentDisposition) headers['content-disposition'] = object.contentDisposition;
  if (object.contentLanguage) headers['content-language'] = object.contentLanguage;
  if (api === 'xml') {
    for (const [key, value] of Object.entries(object.metadata ?? {})) headers[`x-goog-meta-${key}`] = value;
  }
  return headers;
}

/**
 * Parses a single-range `Range: bytes=a-b | a- | -n` header. Returns undefined for no
 * (or an unparseable / multi-range) header, which means "the whole object", as HTTP says.
 * An empty object has no satisfiable range but a suffix range; it is served whole.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (size === 0) return undefined;
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return undefined; // invalid: ignored
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
