import type { S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '@faasade/core/storage';
import type { ResolvedS3Options } from './options.js';
import { loadClientS3, type ClientS3Module } from './sdk.js';

/** What every S3 operation needs, available once the SDK is loaded. */
export interface S3Session {
  readonly bucket: string;
  readonly client: S3Client;
  /** The SDK's command classes. */
  readonly sdk: ClientS3Module;
  readonly options: ResolvedS3Options;
  /** True when the driver created the client (and so destroys it on close). */
  readonly ownsClient: boolean;
  /**
   * The client for the parts of an unconditional multipart upload, which the SDK may
   * resend one by one: the driver's own client with the SDK's retries on (made on first
   * use), or the injected client.
   */
  partsClient(): S3Client;
  /** Destroys what the driver created. */
  destroy(): void;
}

/**
 * Imports the SDK and creates (or adopts) the client. Contacts no server.
 *
 * A client the driver creates makes one attempt per request (`maxAttempts: 1`) unless
 * `clientConfig.maxAttempts` says otherwise: the portable layer retries whole calls,
 * bounded by the caller's signal, and the SDK retrying inside each of them would multiply
 * the attempts and wait past the deadline. An injected client is used as configured.
 */
export async function openSession(options: ResolvedS3Options): Promise<S3Session> {
  const sdk = await loadClientS3();
  const owned = options.client === undefined;
  const client = options.client ?? new sdk.S3Client({ maxAttempts: 1, ...options.clientConfig });
  await checkRegion(client, options);
  let parts: S3Client | undefined;
  return {
    bucket: options.bucket, client, sdk, options, ownsClient: owned,
    // A multipart upload's parts are what the portable layer cannot resend (a stream is
    // read once), and a part is cheap to resend: there the SDK's own retries stay on.
    partsClient: () => options.client ?? (parts ??= new sdk.S3Client(options.clientConfig)),
    destroy: () => {
      if (!owned) return;
      client.destroy();
      parts?.destroy();
    },
  };
}

// Without a region the SDK fails every call with a bare "Region is missing"; say where to set it.
async function checkRegion(client: S3Client, options: ResolvedS3Options): Promise<void> {
  try {
    await client.config.region();
  } catch (cause) {
    if (options.client === undefined) client.destroy();
    throw new StorageError('InvalidArgument',
      `S3 bucket ${options.bucket}: no AWS region; set ?region= in the bucket URL, clientConfig.region, or AWS_REGION`,
      { operation: 'open', cause });
  }
}
