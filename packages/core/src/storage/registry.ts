import type { StorageDriver, StorageScheme } from './driver.js';
import { StorageError } from './errors.js';
import { Bucket } from './bucket.js';
import { checkListText } from './options.js';
import type { OpenBucketOptions } from './bucket-types.js';
import type { RetryOptions } from '../reliability/retry.js';

// The built-in drivers load on a bucket's first call too, so a bundle that binds only
// cloud buckets evaluates no file-system driver code at start-up.
const builtIn: StorageScheme[] = [
  { scheme: 'file', open: async (url) => (await import('./drivers/fs/fs-scheme.js')).fsScheme.open(url) },
  { scheme: 'mem', open: async (url) => (await import('./drivers/memory/memory-scheme.js')).memoryScheme.open(url) },
];
const registered = new Map<string, StorageScheme>(builtIn.map((scheme) => [scheme.scheme, scheme]));

/**
 * Where the cloud drivers live. When a URL uses one of these schemes and nothing was
 * registered for it, `openBucket` imports the package on the bucket's first call. The
 * specifier is only known at run time, so bundlers leave it alone: a bundled function
 * should register the scheme instead (see {@link registerStorageScheme}).
 */
export const KNOWN_DRIVER_PACKAGES: Readonly<Record<string, string>> = {
  s3: '@faasade/aws/s3',
  azblob: '@faasade/azure/blob',
  gs: '@faasade/gcp/gcs',
};

/**
 * Makes `openBucket` (and `bucket`) handle URLs of `scheme.scheme` with this driver. A
 * later registration for the same scheme replaces the earlier one.
 *
 * @example
 * import { registerStorageScheme } from '@faasade/core/storage';
 * import { storageScheme } from '@faasade/aws/s3'; // loads no AWS SDK until the first call
 * registerStorageScheme(storageScheme);
 */
export function registerStorageScheme(scheme: StorageScheme): void {
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme.scheme)) {
    throw new StorageError('InvalidArgument', `registerStorageScheme: "${scheme.scheme}" is not a URL scheme (lower case, no colon)`);
  }
  registered.set(scheme.scheme, scheme);
}

/**
 * Opens a bucket by URL: `s3://name?region=…`, `azblob://container`, `gs://name`,
 * `file:///absolute/dir` or `mem://name`. Every scheme accepts `?prefix=some/path/` to
 * scope all keys under a prefix. Nothing is loaded or contacted until the first call, so
 * opening is cheap and may happen at module top level.
 *
 * Transient failures are retried (see {@link OpenBucketOptions}); `?retries=0` in the URL
 * turns that off for this bucket, `?retries=N` allows N retries.
 *
 * Throws `InvalidArgument` at once for a malformed URL or a scheme no driver handles.
 */
export function openBucket(url: string | URL, options: OpenBucketOptions = {}): Bucket {
  const parsed = parseBucketUrl(url);
  const scheme = parsed.protocol.slice(0, -1);
  if (!registered.has(scheme) && !(scheme in KNOWN_DRIVER_PACKAGES)) {
    const known = [...new Set([...registered.keys(), ...Object.keys(KNOWN_DRIVER_PACKAGES)])].join(', ');
    throw new StorageError('InvalidArgument', `openBucket: no storage driver for "${scheme}:" (known: ${known})`, { operation: 'open' });
  }
  const prefix = parsed.searchParams.get('prefix') ?? '';
  parsed.searchParams.delete('prefix');
  const label = `${scheme}://${parsed.host}${parsed.pathname}`;
  const invalid = (message: string) => new StorageError('InvalidArgument', `openBucket: ${message}`, { bucket: label, operation: 'open' });
  checkListText('prefix', prefix, invalid);
  const retry = retryFromUrl(parsed, options.retry, invalid);
  return new Bucket(() => openDriver(scheme, parsed), { prefix, label, ...(retry === undefined ? {} : { retry }) });
}

/** `?retries=N` (0–9, any scheme) sets the attempts to N + 1 over `retry`; 0 turns retrying off. Removed before the driver sees the URL. */
function retryFromUrl(url: URL, retry: RetryOptions | false | undefined, invalid: (message: string) => Error): RetryOptions | false | undefined {
  const values = url.searchParams.getAll('retries');
  url.searchParams.delete('retries');
  if (values.length === 0) return retry;
  if (values.length > 1 || !/^\d$/.test(values[0]!)) throw invalid('?retries must be one whole number from 0 to 9');
  const retries = Number(values[0]);
  return retries === 0 ? false : { ...(retry || {}), maxAttempts: retries + 1 };
}

async function openDriver(scheme: string, url: URL): Promise<StorageDriver> {
  const known = registered.get(scheme) ?? (await importKnownScheme(scheme));
  return known.open(new URL(url.href));
}

async function importKnownScheme(scheme: string): Promise<StorageScheme> {
  const specifier = KNOWN_DRIVER_PACKAGES[scheme]!;
  let module: { storageScheme?: StorageScheme };
  try {
    module = (await import(/* @vite-ignore */ specifier)) as { storageScheme?: StorageScheme };
  } catch (cause) {
    throw new StorageError('Unimplemented',
      `no driver registered for "${scheme}:" and ${specifier} cannot be imported; install its package and call registerStorageScheme(storageScheme) with the storageScheme it exports`,
      { cause });
  }
  if (!module.storageScheme || module.storageScheme.scheme !== scheme) {
    throw new StorageError('Unimplemented', `${specifier} does not export a storageScheme for "${scheme}:"`);
  }
  registered.set(scheme, module.storageScheme);
  return module.storageScheme;
}

function parseBucketUrl(url: string | URL): URL {
  try {
    return new URL(url);
  } catch (cause) {
    throw new StorageError('InvalidArgument', `openBucket: ${JSON.stringify(String(url))} is not a URL such as s3://bucket or file:///dir`, { operation: 'open', cause });
  }
}
