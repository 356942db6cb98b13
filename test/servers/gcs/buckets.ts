import type { RequestContext } from './context.js';
import { readJsonBody, sendJson } from './http-util.js';
import { validateBucketName } from './names.js';
import { bucketResource } from './resource.js';

/** `POST …/b?project=…`: creates a bucket from `{ "name": … }`; 409 if it exists. */
export async function insertBucket(ctx: RequestContext): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const bucket = ctx.store.createBucket(validateBucketName(body.name));
  sendJson(ctx.res, 200, bucketResource(bucket, ctx.origin));
}

/** `GET …/b/{bucket}`: the bucket resource or 404. */
export function getBucket(ctx: RequestContext, name: string): void {
  sendJson(ctx.res, 200, bucketResource(ctx.store.bucket(name), ctx.origin));
}

/** `GET …/b?project=…`: every bucket (one page). */
export function listBuckets(ctx: RequestContext): void {
  const items = ctx.store.listBuckets().map((bucket) => bucketResource(bucket, ctx.origin));
  sendJson(ctx.res, 200, { kind: 'storage#buckets', ...(items.length > 0 ? { items } : {}) });
}

/** `DELETE …/b/{bucket}`: 204; 409 unless empty; 404 if missing. */
export function deleteBucket(ctx: RequestContext, name: string): void {
  ctx.store.deleteBucket(name);
  ctx.res.writeHead(204).end();
}
