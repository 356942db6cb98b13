import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUCKETS_DIR_ENV, DEFAULT_BUCKETS_DIR, bucketEnvName, bucketUrl } from '@faasade/core/storage';
import { boundBucketName } from '@faasade/core/adapter';

/** Where one logical bucket lives in this run. */
export interface BucketBinding {
  /** The logical name functions use: `bucket('images')`, `onObject({ bucket: 'images' })`. */
  name: string;
  /** The URL `bucket(name)` opens. */
  url: string;
  /** The directory, for a local (`file:`) bucket. */
  dir: string | undefined;
  /** The physical bucket name events carry (`data.bucket`). */
  physical: string;
  /** The event `source`: the URL without its parameters. */
  source: string;
}

type Env = Record<string, string | undefined>;

/**
 * Makes the functions of this run see the project's buckets: `FAASADE_BUCKETS_DIR` becomes
 * absolute (`<root>/.faasade/buckets` unless set), so `bucket(name)` finds the same
 * directories whatever the working directory, and each binding in the config file sets
 * `FAASADE_BUCKET_<NAME>` unless the environment already does (the environment wins, as
 * in a deployment).
 */
export function applyBucketEnv(root: string, configured: Readonly<Record<string, string>>, env: Env = process.env): void {
  env[BUCKETS_DIR_ENV] = resolve(root, env[BUCKETS_DIR_ENV]?.trim() || DEFAULT_BUCKETS_DIR);
  for (const [name, url] of Object.entries(configured)) {
    const variable = bucketEnvName(name);
    if (!env[variable]?.trim()) env[variable] = url;
  }
}

/** The binding of `name` as `bucket(name)` resolves it with `env` (after {@link applyBucketEnv}). */
export function resolveBinding(name: string, env: Env = process.env): BucketBinding {
  const url = bucketUrl(name, env);
  const parsed = new URL(url);
  const dir = parsed.protocol === 'file:' ? fileURLToPath(new URL(parsed.pathname, 'file:')) : undefined;
  const source = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  // With no variable set the bucket is the default directory, named like the binding.
  const physical = boundBucketName(name, { ...env, [bucketEnvName(name)]: url }) ?? name;
  return { name, url, dir, physical, source };
}
