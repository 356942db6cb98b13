import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { StorageError, type StorageScheme } from '@faasade/core/storage';
import { S3Driver } from './driver.js';
import { bucketNameProblem, type S3DriverOptions } from './options.js';

/**
 * The query parameters an `s3://` bucket URL accepts (besides `prefix`, which the portable
 * layer handles). Anything else is rejected, so a typo fails loudly instead of being ignored.
 *
 * - `region` — the bucket's AWS region; default: the SDK's (`AWS_REGION`, shared config).
 * - `endpoint` — an `http(s)://` URL of an S3-compatible server or emulator.
 * - `forcePathStyle` — `true` to address `endpoint/bucket/key` instead of `bucket.endpoint/key`
 *   (needed by most emulators).
 * - `checksums` — `when_supported` (SDK default: CRC32 on every upload) or `when_required`
 *   (only where S3 demands one; needed by s3rver, which stores aws-chunked bodies verbatim).
 * - `conditionalWrites` — `false` when the server ignores `If-None-Match`/`If-Match` on
 *   writes (s3rver does), so `ifNotExists`/`ifMatch` are refused instead of silently ignored.
 *
 * Credentials never go in the URL: they come from the SDK's default chain.
 */
export const S3_URL_PARAMETERS = ['region', 'endpoint', 'forcePathStyle', 'checksums', 'conditionalWrites'] as const;

/**
 * Reads an `s3://bucket?…` URL (see {@link S3_URL_PARAMETERS}) into driver options.
 * Throws `InvalidArgument` saying which part is wrong.
 *
 * @example
 * s3OptionsFromUrl(new URL('s3://photos?region=eu-west-1'));
 * s3OptionsFromUrl(new URL('s3://photos?endpoint=http://127.0.0.1:4568&forcePathStyle=true&checksums=when_required&conditionalWrites=false'));
 */
export function s3OptionsFromUrl(url: URL): S3DriverOptions {
  const label = `s3://${url.hostname}`;
  const fail = (message: string): StorageError => new StorageError('InvalidArgument', `bucket URL ${label}: ${message}`, { bucket: label, operation: 'open' });
  if (url.protocol !== 's3:') throw fail(`the scheme must be s3:, not ${url.protocol}`);
  if (url.username || url.password) throw fail('credentials do not belong in the URL; the AWS SDK finds them (environment, role, shared config)');
  if (!url.hostname) throw fail('the bucket name is missing (s3://bucket-name)');
  const badName = bucketNameProblem(url.hostname);
  if (badName) throw fail(badName);
  if (url.port) throw fail('a port belongs in ?endpoint=, not after the bucket name');
  if (url.pathname !== '' && url.pathname !== '/') throw fail(`a path (${url.pathname}) is not supported; use ?prefix= to scope keys`);
  if (url.hash) throw fail('a #fragment is not supported');
  const clientConfig: S3ClientConfig = {};
  let conditionalWrites: boolean | undefined;
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    if (values.length > 1) throw fail(`?${name} is given ${values.length} times`);
    const value = values[0]!;
    switch (name) {
      case 'region':
        if (!/^[a-z0-9-]+$/.test(value)) throw fail(`?region=${value} is not an AWS region name such as eu-west-1`);
        clientConfig.region = value;
        break;
      case 'endpoint':
        clientConfig.endpoint = endpointOf(value, fail);
        break;
      case 'forcePathStyle':
        clientConfig.forcePathStyle = booleanOf(name, value, fail);
        break;
      case 'checksums':
        if (value !== 'when_supported' && value !== 'when_required') throw fail('?checksums must be when_supported or when_required');
        clientConfig.requestChecksumCalculation = value === 'when_required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
        clientConfig.responseChecksumValidation = clientConfig.requestChecksumCalculation;
        break;
      case 'conditionalWrites':
        conditionalWrites = booleanOf(name, value, fail);
        break;
      default:
        throw fail(`unknown parameter ?${name} (known: prefix, ${S3_URL_PARAMETERS.join(', ')})`);
    }
  }
  return { bucket: url.hostname, clientConfig, ...(conditionalWrites === undefined ? {} : { conditionalWrites }) };
}

/**
 * How `openBucket('s3://…')` makes an {@link S3Driver}. `openBucket` imports this package
 * by itself when nothing is registered for `s3:`; a bundled function should register it
 * so the bundler sees the import:
 *
 * @example
 * import { registerStorageScheme } from '@faasade/core/storage';
 * import { storageScheme } from '@faasade/aws/s3';
 * registerStorageScheme(storageScheme);
 */
export const storageScheme: StorageScheme = {
  scheme: 's3',
  async open(url: URL): Promise<S3Driver> {
    const driver = new S3Driver(s3OptionsFromUrl(url));
    // open() runs on the bucket's first call, so loading the SDK now costs nothing earlier
    // and makes `native()` return the client itself.
    await driver.connect();
    return driver;
  },
};

function endpointOf(value: string, fail: (message: string) => StorageError): string {
  let endpoint: URL;
  try {
    endpoint = new URL(value);
  } catch {
    throw fail(`?endpoint=${value} is not a URL`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw fail('?endpoint must be an http:// or https:// URL');
  if (endpoint.username || endpoint.password) throw fail('?endpoint must not contain credentials');
  return value;
}

function booleanOf(name: string, value: string, fail: (message: string) => StorageError): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw fail(`?${name} must be true or false, not ${JSON.stringify(value)}`);
}
