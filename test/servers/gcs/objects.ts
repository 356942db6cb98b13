import type { RequestContext } from './context.js';
import { noSuchObject } from './errors.js';
import { readJsonBody, sendJson } from './http-util.js';
import { sendMedia } from './media.js';
import { validateObjectName } from './names.js';
import { hasMetadata, mergeMetadata, pickMetadata } from './object-metadata.js';
import { checkRead, checkWrite, parsePreconditions } from './preconditions.js';
import { objectResource } from './resource.js';
import type { StoredObject } from './store.js';

/**
 * `GET …/b/{bucket}/o/{object}`: the object resource, or its bytes with `alt=media` (or
 * under `/download/storage/v1`). `generation=` must name the live generation: the server
 * keeps no older ones.
 */
export async function getObject(ctx: RequestContext, bucket: string, name: string, media: boolean): Promise<void> {
  const object = liveObject(ctx, bucket, name);
  checkRead(object, parsePreconditions(ctx.query));
  if (media || ctx.query.get('alt') === 'media') return sendMedia(ctx.req, ctx.res, ctx.store, object, 'json');
  sendJson(ctx.res, 200, objectResource(object, ctx.origin));
}

/** `PATCH …/o/{object}`: merges writable metadata; bumps metageneration. */
export async function patchObject(ctx: RequestContext, bucket: string, name: string): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const object = liveObject(ctx, bucket, name);
  const updated = ctx.store.updateMetadata(object, mergeMetadata(object, body), parsePreconditions(ctx.query));
  sendJson(ctx.res, 200, objectResource(updated, ctx.origin));
}

/** `PUT …/o/{object}` (objects.update): replaces all writable metadata with the body's. */
export async function updateObject(ctx: RequestContext, bucket: string, name: string): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const object = liveObject(ctx, bucket, name);
  const updated = ctx.store.updateMetadata(object, mergeMetadata({}, body), parsePreconditions(ctx.query));
  sendJson(ctx.res, 200, objectResource(updated, ctx.origin));
}

/** `DELETE …/o/{object}`: 204, or 404 if there is no live object. */
export function deleteObject(ctx: RequestContext, bucket: string, name: string): void {
  ctx.store.delete(bucket, name, parsePreconditions(ctx.query));
  ctx.res.writeHead(204).end();
}

/**
 * `POST …/o/{src}/rewriteTo/b/{bucket}/o/{dst}` and `…/copyTo/…`. The copy shares the
 * source's (immutable) data file, so any size completes in one call (`done: true`). Body
 * fields override the source's metadata field by field; without any, it is copied.
 */
export async function copyObject(ctx: RequestContext, src: { bucket: string; name: string }, dst: { bucket: string; name: string }, rewrite: boolean): Promise<void> {
  const body = await readJsonBody(ctx.req);
  validateObjectName(dst.name);
  ctx.store.bucket(dst.bucket);
  const source = liveObject(ctx, src.bucket, src.name, ctx.query.get('sourceGeneration'));
  checkWrite(source, parsePreconditions(ctx.query, true));
  const metadata = hasMetadata(body) ? mergeMetadata(pickMetadata(source), body) : pickMetadata(source);
  const object = ctx.store.commit({
    ...metadata, bucket: dst.bucket, name: dst.name, dataPath: ctx.store.linkData(source),
    size: source.size, md5Hash: source.md5Hash, crc32c: source.crc32c, componentCount: source.componentCount,
  }, parsePreconditions(ctx.query));
  const resource = objectResource(object, ctx.origin);
  if (!rewrite) return sendJson(ctx.res, 200, resource);
  sendJson(ctx.res, 200, {
    kind: 'storage#rewriteResponse', totalBytesRewritten: String(object.size), objectSize: String(object.size), done: true, resource,
  });
}

/** The live object, honouring a `generation` selector (only the live one exists here). */
export function liveObject(ctx: RequestContext, bucket: string, name: string, generation = ctx.query.get('generation')): StoredObject {
  const object = ctx.store.get(bucket, name);
  if (generation !== null && generation !== String(object.generation)) throw noSuchObject(bucket, name);
  return object;
}
