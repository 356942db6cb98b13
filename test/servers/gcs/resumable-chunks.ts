import { parseContentRange } from './content-range.js';
import type { RequestContext } from './context.js';
import { badRequest, GcsError } from './errors.js';
import { parseXGoogHash, verifyClaimedDigests, type ObjectHasher } from './hashing.js';
import { FileSink, sendJson } from './http-util.js';
import { objectResource } from './resource.js';
import type { Session } from './resumable-sessions.js';

/**
 * GCS persists a non-final chunk only in whole multiples of 256 KiB and reports what it
 * kept in the 308 `Range` header; clients resend the rest
 * (https://cloud.google.com/storage/docs/performing-resumable-uploads#chunked-upload).
 */
const QUANTUM = 256 * 1024;

/**
 * `PUT <session URL>`: stores a chunk (`Content-Range: bytes a-b/total`, b and total may
 * be `*`), answers a status query (`bytes *\/total`), or completes the upload. While
 * incomplete the answer is 308 with `Range: bytes=0-<last stored byte>`.
 */
export async function putResumableChunk(ctx: RequestContext): Promise<void> {
  const session = ctx.sessions.get(ctx.query.get('upload_id'));
  if (session.result) {
    ctx.req.resume();
    return sendJson(ctx.res, 200, objectResource(session.result, ctx.origin));
  }
  const range = parseContentRange(ctx.req.headers['content-range']);
  if (range.kind === 'data' && !session.busy) {
    if (range.start > session.persisted) throw badRequest(`Chunk starts at ${range.start}, but only ${session.persisted} bytes are stored`);
    session.busy = true;
    try {
      const complete = await receiveChunk(ctx, session, range.start, range.total, range.end === undefined);
      return complete ? finish(ctx, session) : sendIncomplete(ctx, session);
    } finally {
      session.busy = false;
    }
  }
  ctx.req.resume();
  if (range.kind === 'data') throw new GcsError(503, 'backendError', 'Another request is writing to this upload session', 'ServiceUnavailable');
  if (range.total !== undefined && range.total === session.persisted && !session.busy) return finish(ctx, session);
  return sendIncomplete(ctx, session);
}

/**
 * Appends the request body to the session's file, skipping bytes that overlap what is
 * stored. Only whole quanta are hashed while the request runs; when it ends (or the
 * client goes away) bytes past the last quantum are cut off again unless the upload is
 * complete, so the stored bytes and the running hashes always agree.
 */
async function receiveChunk(ctx: RequestContext, session: Session, start: number, total: number | undefined, toEndOfRequest: boolean): Promise<boolean> {
  const base = session.persisted;
  const pending: Buffer[] = [];
  let stored = base;
  let hashed = base;
  const sink = await FileSink.open(session.dataPath, 'r+', base, (chunk) => {
    pending.push(chunk);
    stored += chunk.length;
    const boundary = Math.floor(stored / QUANTUM) * QUANTUM;
    if (boundary > hashed) {
      hashPending(session.hasher, pending, boundary - hashed);
      hashed = boundary;
    }
  });
  let skip = base - start;
  let failure: unknown;
  try {
    for await (const received of ctx.req) {
      let chunk = received as Buffer;
      if (skip > 0) {
        const dropped = Math.min(skip, chunk.length);
        chunk = chunk.subarray(dropped);
        skip -= dropped;
      }
      if (total !== undefined && stored + chunk.length > total) throw badRequest('The request carries more bytes than the Content-Range total');
      if (chunk.length > 0) await sink.write(chunk);
    }
  } catch (err) {
    failure = err;
  }
  await sink.flush(); // bytes that arrived are real upload bytes, even if the client then left
  const complete = failure === undefined && (total !== undefined ? stored === total : toEndOfRequest);
  if (complete) {
    hashPending(session.hasher, pending, stored - hashed);
    session.persisted = stored;
  } else {
    session.persisted = hashed;
    await sink.truncate(hashed);
  }
  await sink.close();
  if (failure !== undefined) throw failure;
  return complete;
}

/** Feeds the first `count` pending bytes to the hasher and keeps the rest pending. */
function hashPending(hasher: ObjectHasher, pending: Buffer[], count: number): void {
  let left = count;
  while (left > 0 && pending.length > 0) {
    const head = pending[0]!;
    if (head.length <= left) {
      hasher.update(head);
      left -= head.length;
      pending.shift();
    } else {
      hasher.update(head.subarray(0, left));
      pending[0] = head.subarray(left);
      left = 0;
    }
  }
}

function sendIncomplete(ctx: RequestContext, session: Session): void {
  const headers: Record<string, string | number> = { 'content-length': 0 };
  if (session.persisted > 0) headers.range = `bytes=0-${session.persisted - 1}`;
  ctx.res.writeHead(308, headers).end();
}

/** Completes the upload: size, checksums, preconditions, then commit. Failure ends the session. */
function finish(ctx: RequestContext, session: Session): void {
  try {
    if (session.declaredSize !== undefined && session.declaredSize !== session.persisted) {
      throw badRequest(`The upload declared ${session.declaredSize} bytes (X-Upload-Content-Length) but sent ${session.persisted}`);
    }
    const digests = session.hasher.digests();
    verifyClaimedDigests(digests, { ...session.claimed, ...parseXGoogHash(ctx.req.headers['x-goog-hash']) });
    session.result = ctx.store.commit(
      { bucket: session.bucket, name: session.name, ...session.metadata, size: session.persisted, ...digests, dataPath: session.dataPath },
      session.conditions,
    );
  } catch (err) {
    ctx.sessions.end(session);
    throw err;
  }
  sendJson(ctx.res, 200, objectResource(session.result, ctx.origin));
}
