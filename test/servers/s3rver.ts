import { createRequire } from 'node:module';
import { spawnServer } from './child-process.js';
import { makeTempDir } from './temp-dir.js';

/** A running s3rver, as returned by {@link startS3rver}. */
export interface S3rverHandle {
  /** Base URL, e.g. `http://127.0.0.1:41234`. Use with `forcePathStyle: true`. */
  readonly endpoint: string;
  readonly region: string;
  /** s3rver knows exactly one access key id (`S3RVER`); it never checks the secret. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /**
   * Plain options for `new S3Client(...)` that work against s3rver: path-style URLs and
   * checksums only when required (s3rver stores aws-chunked bodies verbatim otherwise).
   */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
    readonly forcePathStyle: true;
    readonly requestChecksumCalculation: 'WHEN_REQUIRED';
    readonly responseChecksumValidation: 'WHEN_REQUIRED';
  };
  /** Directory holding the server's objects (removed by `stop`). */
  readonly directory: string;
  readonly pid: number;
  /** Creates a bucket (S3 bucket names: 3–63 lowercase characters). */
  createBucket(name: string): Promise<void>;
  /** Kills the server and deletes its directory. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const S3RVER_BIN = require.resolve('s3rver/bin/s3rver.js');

/**
 * Starts s3rver 3.7.1 in a child process on a free port, storing objects in a fresh
 * temp directory (s3rver has no in-memory store).
 *
 * @example
 * const s3 = await startS3rver();
 * const client = new S3Client(s3.clientConfig);
 * await s3.createBucket('photos');
 * // …
 * await s3.stop();
 */
export async function startS3rver(): Promise<S3rverHandle> {
  const dir = await makeTempDir('s3rver');
  const child = await spawnServer({
    name: 's3rver',
    args: [S3RVER_BIN, '--directory', dir.path, '--address', '127.0.0.1', '--port', '0', '--silent'],
    // s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has
    // in its legacy provider: without this, every second page is a 500 InternalError.
    env: { NODE_OPTIONS: '--openssl-legacy-provider' },
    readyPattern: /S3rver listening on [\d.]+:(\d+)/,
  }).catch(async (err: unknown) => {
    await dir.remove();
    throw err;
  });
  const endpoint = `http://127.0.0.1:${child.ready[1]}`;
  const region = 'us-east-1';
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    region,
    credentials,
    clientConfig: {
      endpoint,
      region,
      credentials,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
    directory: dir.path,
    pid: child.pid,
    async createBucket(name) {
      // s3rver accepts unsigned requests, so no SDK is needed to provision a bucket.
      const res = await fetch(`${endpoint}/${encodeURIComponent(name)}`, { method: 'PUT' });
      if (!res.ok) throw new Error(`s3rver: creating bucket ${name} failed: ${res.status} ${await res.text()}`);
    },
    async stop() {
      await child.stop();
      await dir.remove();
    },
  };
}
