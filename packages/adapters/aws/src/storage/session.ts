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
}

/** Imports the SDK and creates (or adopts) the client. Contacts no server. */
export async function openSession(options: ResolvedS3Options): Promise<S3Session> {
  const sdk = await loadClientS3();
  const client = options.client ?? new sdk.S3Client(options.clientConfig);
  await checkRegion(client, options);
  return { bucket: options.bucket, client, sdk, options, ownsClient: options.client === undefined };
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
