import type { IncomingMessage } from 'node:http';
import { badRequest } from './errors.js';
import { FileSink, parseJsonObject, sendJson } from './http-util.js';
import { ObjectHasher, parseXGoogHash, verifyClaimedDigests, type ObjectDigests } from './hashing.js';
import { multipartBoundary, readMultipart } from './multipart.js';
import { validateObjectName } from './names.js';
import { mergeMetadata } from './object-metadata.js';
import { parsePreconditions } from './preconditions.js';
import { objectResource } from './resource.js';
import { startResumableUpload } from './resumable-sessions.js';
import type { RequestContext } from './context.js';

const METADATA_PART_LIMIT = 1024 * 1024;

/**
 * `POST /upload/storage/v1/b/{bucket}/o?uploadType=media|multipart|resumable`
 * (https://cloud.google.com/storage/docs/uploads-downloads). Media and multipart bodies
 * stream straight into a data file while MD5 and CRC32C are computed; the object appears
 * only once the whole body has arrived and the preconditions hold.
 */
export async function insertObject(ctx: RequestContext, bucket: string): Promise<void> {
  ctx.store.bucket(bucket); // a missing bucket is a 404 before any byte is read
  const conditions = parsePreconditions(ctx.query);
  const uploadType = ctx.query.get('uploadType') ?? (/^multipart\//i.test(ctx.req.headers['content-type'] ?? '') ? 'multipart' : 'media');
  if (uploadType === 'resumable') return startResumableUpload(ctx, bucket, conditions);
  if (uploadType !== 'media' && uploadType !== 'multipart') throw badRequest(`Unsupported uploadType: ${uploadType}`);

  const dataPath = ctx.store.newDataPath();
  const hasher = new ObjectHasher();
  const sink = await FileSink.open(dataPath, 'w', 0, (chunk) => hasher.update(chunk));
  let body: Record<string, unknown> = {};
  let partContentType: string | undefined;
  try {
    if (uploadType === 'media') {
      await sink.writeAll(ctx.req);
      partContentType = ctx.req.headers['content-type'];
    } else {
      body = await readMultipartUpload(ctx.req, sink, (type) => { partContentType = type; });
    }
    await sink.close();
  } catch (err) {
    await sink.close().catch(() => undefined);
    ctx.store.discardData(dataPath);
    throw err;
  }

  const name = validateObjectName((typeof body.name === 'string' ? body.name : undefined) ?? ctx.query.get('name'));
  const digests = hasher.digests();
  try {
    verifyClaimedDigests(digests, { ...parseXGoogHash(ctx.req.headers['x-goog-hash']), ...claimedInBody(body) });
  } catch (err) {
    ctx.store.discardData(dataPath);
    throw err;
  }
  const metadata = mergeMetadata({ contentType: partContentType ?? 'application/octet-stream' }, body);
  const object = ctx.store.commit({ bucket, name, ...metadata, size: hasher.size, ...digests, dataPath }, conditions);
  sendJson(ctx.res, 200, objectResource(object, ctx.origin));
}

/** Reads the two parts of a multipart upload: JSON metadata, then the media into `sink`. */
async function readMultipartUpload(req: IncomingMessage, sink: FileSink, onMediaType: (type: string | undefined) => void): Promise<Record<string, unknown>> {
  const boundary = multipartBoundary(req.headers['content-type']);
  const metadataChunks: Buffer[] = [];
  let metadataSize = 0;
  const parts = await readMultipart(req, boundary, {
    startPart(index, headers) {
      if (index === 0) {
        return {
          write(chunk) {
            metadataSize += chunk.length;
            if (metadataSize > METADATA_PART_LIMIT) throw badRequest('Multipart metadata part too large');
            metadataChunks.push(chunk);
          },
        };
      }
      if (index === 1) {
        onMediaType(headers['content-type']);
        return sink;
      }
      throw badRequest('A multipart upload has exactly two parts: metadata and media');
    },
  });
  if (parts !== 2) throw badRequest('A multipart upload has exactly two parts: metadata and media');
  return parseJsonObject(Buffer.concat(metadataChunks).toString('utf8'));
}

function claimedInBody(body: Record<string, unknown>): Partial<ObjectDigests> {
  const claimed: Partial<ObjectDigests> = {};
  if (typeof body.crc32c === 'string') claimed.crc32c = body.crc32c;
  if (typeof body.md5Hash === 'string') claimed.md5Hash = body.md5Hash;
  return claimed;
}
