import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { StorageError } from '@faasade/core/storage';

/** S3's smallest multipart part (all parts but the last). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
/** S3's largest number of parts in one multipart upload. */
export const MAX_PARTS = 10_000;
/** S3's largest source for a single `CopyObject`. */
export const MAX_COPY_OBJECT_SIZE = 5 * 1024 * 1024 * 1024;

/**
 * How an {@link S3Driver} reaches its bucket. Give either a ready `client` or the
 * `clientConfig` for the one the driver creates on its first call (after importing the
 * SDK). Credentials come from `clientConfig.credentials` or, when absent, from the SDK's
 * default chain (environment, shared config files, the Lambda/ECS/EC2 role).
 *
 * @example
 * // Against s3rver or another emulator:
 * new S3Driver({
 *   bucket: 'photos',
 *   clientConfig: { endpoint: 'http://127.0.0.1:4568', region: 'us-east-1', forcePathStyle: true,
 *     requestChecksumCalculation: 'WHEN_REQUIRED', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } },
 *   conditionalWrites: false,
 * });
 */
export interface S3DriverOptions {
  /** The bucket's name. */
  bucket: string;
  /** A client to use as is. The driver never destroys it; its owner does. */
  client?: S3Client;
  /**
   * Options for the client the driver creates (ignored when `client` is given). Unless
   * they set `maxAttempts`, that client makes one attempt per request: the portable
   * `Bucket` retries whole calls within the caller's deadline (see the storage README),
   * and the SDK's retries are kept only for the parts of multipart uploads.
   */
  clientConfig?: S3ClientConfig;
  /**
   * Whether the service enforces `If-None-Match: *` and `If-Match` on writes, which the
   * driver uses for `ifNotExists` and `ifMatch`. AWS S3 does (since 2024), so the default is
   * true. Set false for a target that ignores them (s3rver does): the driver then declares
   * neither capability and the portable layer refuses those options with `Unimplemented`
   * instead of silently overwriting.
   */
  conditionalWrites?: boolean;
  /**
   * Bytes per part when a stream is uploaded (multipart). Default and minimum 5 MiB (the
   * SDK's default too). A stream of unknown length can grow to 10,000 parts, so this also
   * caps its size (48.8 GiB at the default): raise it for larger streams. Memory held per
   * upload is about `(queueSize + 2) × partSize` (parts in flight, one being filled).
   */
  partSize?: number;
  /** Parts uploaded at once for a stream. Default 4. */
  queueSize?: number;
  /**
   * Objects larger than this are copied by streaming them through this process (a
   * multipart upload) instead of one server-side `CopyObject`, whose limit on S3 is 5 GiB,
   * the default. Lower it for an S3-compatible service with a smaller limit.
   */
  serverSideCopyLimit?: number;
}

/** Options after defaults and validation. */
export interface ResolvedS3Options {
  bucket: string;
  client: S3Client | undefined;
  clientConfig: S3ClientConfig;
  conditionalWrites: boolean;
  partSize: number;
  queueSize: number;
  serverSideCopyLimit: number;
}

// Current S3 rules are stricter (lower case, 3–63); legacy us-east-1 buckets may use upper case and _.
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,253}[a-z0-9]$/i;

/** Applies defaults and rejects impossible values with `InvalidArgument`. */
export function resolveS3Options(options: S3DriverOptions): ResolvedS3Options {
  if (options === null || typeof options !== 'object') throw invalid('options must be an object with at least { bucket }');
  const { bucket } = options;
  const problem = bucketNameProblem(bucket);
  if (problem) throw invalid(problem);
  return {
    bucket,
    client: options.client,
    clientConfig: options.clientConfig ?? {},
    conditionalWrites: options.conditionalWrites ?? true,
    partSize: whole('partSize', options.partSize, MIN_PART_SIZE, MIN_PART_SIZE),
    queueSize: whole('queueSize', options.queueSize, 4, 1),
    serverSideCopyLimit: whole('serverSideCopyLimit', options.serverSideCopyLimit, MAX_COPY_OBJECT_SIZE, 0),
  };
}

/** Why `bucket` cannot name an S3 bucket, or undefined when it can. */
export function bucketNameProblem(bucket: unknown): string | undefined {
  if (typeof bucket === 'string' && BUCKET_NAME.test(bucket)) return undefined;
  return `bucket ${JSON.stringify(bucket)} is not an S3 bucket name (3–255 letters, digits, ".", "-", "_")`;
}

function whole(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) throw invalid(`${name} must be an integer of at least ${min}, got ${String(value)}`);
  return value;
}

function invalid(message: string): StorageError {
  return new StorageError('InvalidArgument', `S3Driver: ${message}`, { operation: 'open' });
}
