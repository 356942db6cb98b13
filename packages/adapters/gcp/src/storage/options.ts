import type { Bucket, Storage, StorageOptions } from '@google-cloud/storage';

/**
 * How a {@link GcsDriver} reaches its bucket. Give a bucket name (the driver creates a
 * `Storage` client from `clientOptions`, or uses the injected `storage`), or an SDK `Bucket`
 * to use as-is.
 *
 * @example
 * // Against an emulator; signed URLs from a service-account key.
 * new GcsDriver({ bucket: 'images', clientOptions: { apiEndpoint: 'http://127.0.0.1:4443', credentials } });
 */
export interface GcsDriverOptions {
  /** The bucket name, or an SDK `Bucket` whose client supplies endpoint and credentials. */
  bucket: string | Bucket;
  /** A client to open the named bucket with (ignored when `bucket` is a `Bucket`). */
  storage?: Storage;
  /**
   * Options for the client the driver creates when none is injected: `projectId`,
   * `apiEndpoint` (an emulator; `STORAGE_EMULATOR_HOST` is honoured as the SDK does),
   * `credentials` / `keyFilename`, `retryOptions`… Unless `retryOptions` is given, the
   * client does not retry (`autoRetry: false`): the portable `Bucket` retries whole calls
   * within the caller's deadline. Resumable uploads that are not conditional use a second
   * client with the SDK's retries, which resume from what the service already has.
   */
  clientOptions?: StorageOptions;
  /**
   * Whether `signedUrl` is offered. By default it is when the credentials hold a private
   * key: `clientOptions.credentials` or a service-account key file named by
   * `clientOptions.keyFilename` or `GOOGLE_APPLICATION_CREDENTIALS` (or the same on an
   * injected client). Set `true` where the SDK signs through the IAM `signBlob` API instead
   * (Cloud Functions / Cloud Run with the Service Account Token Creator role); set `false`
   * to refuse signed URLs.
   */
  signedUrls?: boolean;
}
