import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StorageError } from './errors.js';
import type { Bucket } from './bucket.js';
import { openBucket } from './registry.js';

/** The environment variable naming the directory under which unbound buckets live locally. */
export const BUCKETS_DIR_ENV = 'FAASADE_BUCKETS_DIR';
/** The directory unbound buckets use, relative to the working directory, when nothing is set. */
export const DEFAULT_BUCKETS_DIR = '.faasade/buckets';

const BINDING_NAME = /^[a-z][a-z0-9_-]{0,62}$/i;
const open = new Map<string, Bucket>();

/** Where `bucket(name)` reads its URL, for deploy templates: `images` → `FAASADE_BUCKET_IMAGES`, `raw-uploads` → `FAASADE_BUCKET_RAW_UPLOADS`. */
export function bucketEnvName(name: string): string {
  checkName(name);
  return `FAASADE_BUCKET_${name.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * The URL `bucket(name)` opens: the value of `FAASADE_BUCKET_<NAME>` when set, else the
 * embedded default, a local directory `<FAASADE_BUCKETS_DIR or ./.faasade/buckets>/<name>`
 * that is created on first write.
 */
export function bucketUrl(name: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const bound = env[bucketEnvName(name)]?.trim();
  if (bound) return bound;
  const dir = resolve(env[BUCKETS_DIR_ENV]?.trim() || DEFAULT_BUCKETS_DIR, name);
  return `${pathToFileURL(dir).href}?create=true`;
}

/**
 * The bucket a function knows by a logical name. Deploy templates bind it with an
 * environment variable (`FAASADE_BUCKET_IMAGES=s3://my-images?region=eu-west-1`); with
 * none set it is a local directory, so the same code runs locally and in every cloud.
 * Calls with the same resolved URL share one bucket. Opening is lazy: nothing loads or
 * connects until the first call.
 *
 * @example
 * const images = bucket('images');
 * export default onHttp({ name: 'thumb', route: '/thumb/{key+}' }, async (req, ctx) => {
 *   const { body, info } = await images.get(key, { signal: ctx.signal });
 *   return new Response(body, { headers: { 'content-type': info.contentType } });
 * });
 */
export function bucket(name: string, env: Readonly<Record<string, string | undefined>> = process.env): Bucket {
  const url = bucketUrl(name, env);
  let found = open.get(url);
  if (!found || found.closed) {
    try {
      found = openBucket(url);
    } catch (cause) {
      throw new StorageError('InvalidArgument', `bucket("${name}"): ${bucketEnvName(name)} is not a usable bucket URL`, { bucket: name, operation: 'open', cause });
    }
    open.set(url, found);
  }
  return found;
}

function checkName(name: string): void {
  if (typeof name !== 'string' || !BINDING_NAME.test(name)) {
    throw new StorageError('InvalidArgument', `bucket name ${JSON.stringify(name)} must be letters, digits, - and _, starting with a letter (at most 63)`, { operation: 'open' });
  }
}
