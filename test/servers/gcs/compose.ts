import { closeSync, createReadStream } from 'node:fs';
import type { RequestContext } from './context.js';
import { badRequest, conditionNotMet } from './errors.js';
import { ObjectHasher } from './hashing.js';
import { FileSink, readJsonBody, sendJson } from './http-util.js';
import { validateObjectName } from './names.js';
import { mergeMetadata } from './object-metadata.js';
import { parsePreconditions } from './preconditions.js';
import { objectResource } from './resource.js';
import type { StoredObject } from './store.js';

const MAX_SOURCES = 32;

/**
 * `POST …/b/{bucket}/o/{dest}/compose`
 * (https://cloud.google.com/storage/docs/json_api/v1/objects/compose): concatenates up to
 * 32 objects of the bucket. As on GCS the result has a CRC32C and a componentCount but no
 * MD5.
 */
export async function composeObject(ctx: RequestContext, bucket: string, name: string): Promise<void> {
  const body = await readJsonBody(ctx.req);
  validateObjectName(name);
  const sources = body.sourceObjects;
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > MAX_SOURCES) {
    throw badRequest(`compose needs 1 to ${MAX_SOURCES} sourceObjects`);
  }
  const objects = sources.map((source: unknown) => resolveSource(ctx, bucket, source));
  // Open every source before the first await, so later overwrites cannot change the result.
  const fds = objects.map((object) => ctx.store.openData(object));
  const dataPath = ctx.store.newDataPath();
  const hasher = new ObjectHasher();
  const sink = await FileSink.open(dataPath, 'w', 0, (chunk) => hasher.update(chunk));
  try {
    for (const [i, object] of objects.entries()) {
      if (object.size > 0) await sink.writeAll(createReadStream('', { fd: fds[i]!, autoClose: false }));
    }
  } catch (err) {
    ctx.store.discardData(dataPath);
    throw err;
  } finally {
    for (const fd of fds) closeSync(fd);
    await sink.close();
  }
  const destination = typeof body.destination === 'object' && body.destination !== null ? body.destination as Record<string, unknown> : {};
  const object = ctx.store.commit({
    ...mergeMetadata({}, destination),
    bucket, name, dataPath, size: hasher.size, crc32c: hasher.digests().crc32c,
    componentCount: objects.reduce((sum, o) => sum + (o.componentCount ?? 1), 0),
  }, parsePreconditions(ctx.query));
  sendJson(ctx.res, 200, objectResource(object, ctx.origin));
}

function resolveSource(ctx: RequestContext, bucket: string, source: unknown): StoredObject {
  if (typeof source !== 'object' || source === null || typeof (source as { name?: unknown }).name !== 'string') {
    throw badRequest('Each sourceObjects entry needs a name');
  }
  const { name, generation, objectPreconditions } = source as { name: string; generation?: unknown; objectPreconditions?: { ifGenerationMatch?: unknown } };
  const object = ctx.store.get(bucket, name);
  if (generation !== undefined && String(generation) !== String(object.generation)) throw badRequest(`No such generation of ${name}`);
  const expected = objectPreconditions?.ifGenerationMatch;
  if (expected !== undefined && String(expected) !== String(object.generation)) throw conditionNotMet();
  return object;
}
