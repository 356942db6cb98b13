/**
 * Who retries what. Clients the drivers create make one attempt per request, so a
 * bucket's own policy (bounded by the caller's deadline) is the only retry loop; an
 * injected client keeps the retries its owner configured; the parts of an unconditional
 * multipart upload, which the portable layer cannot resend, keep the SDK's retries.
 * Counted at a server that answers every request 503.
 */
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bucket, isStorageError, type BucketOptions, type StorageDriver } from '@faasade/core/storage';
import { S3Driver } from '@faasade/aws/s3';
import { AzureBlobDriver } from '@faasade/azure/blob';
import { GcsDriver } from '@faasade/gcp/gcs';
import { startUnavailableServer, type UnavailableServerHandle } from '../servers/unavailable.js';

let server: UnavailableServerHandle;
beforeEach(async () => { server = await startUnavailableServer(503); });
afterEach(async () => { await server.stop(); });

const credentials = { accessKeyId: 'k', secretAccessKey: 's' };
const s3Config = () => ({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
const ours = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

const drivers: Record<string, () => StorageDriver> = {
  s3: () => new S3Driver({ bucket: 'photos', clientConfig: s3Config() }),
  azblob: () => new AzureBlobDriver({ endpoint: `${server.endpoint}/devstoreaccount1`, container: 'photos' }),
  gs: () => new GcsDriver({ bucket: 'photos', clientOptions: { apiEndpoint: server.endpoint, projectId: 'demo' } }),
};

async function requestsFor(driver: StorageDriver, retry: BucketOptions['retry'], call: (bucket: Bucket) => Promise<unknown>): Promise<number> {
  const bucket = new Bucket(driver, { retry });
  try {
    const error = await call(bucket).then(() => undefined, (caught: unknown) => caught);
    expect(isStorageError(error, 'Unavailable'), String(error)).toBe(true);
    return server.requests;
  } finally {
    await bucket.close();
  }
}

describe.each(Object.keys(drivers))('%s driver, its own client', (scheme) => {
  it('sends one request when the bucket does not retry', async () => {
    expect(await requestsFor(drivers[scheme]!(), false, (bucket) => bucket.head('a.jpg'))).toBe(1);
  });

  it('sends maxAttempts requests under the bucket\'s policy', async () => {
    expect(await requestsFor(drivers[scheme]!(), ours, (bucket) => bucket.head('a.jpg'))).toBe(3);
  });
});

describe('injected clients keep the retries their owner configured', () => {
  it('s3: an S3Client with maxAttempts 2', async () => {
    const client = new S3Client({ ...s3Config(), maxAttempts: 2, retryMode: 'standard' });
    try {
      expect(await requestsFor(new S3Driver({ bucket: 'photos', client }), false, (bucket) => bucket.head('a.jpg'))).toBe(2);
    } finally {
      client.destroy();
    }
  });

  it('azblob: a ContainerClient with maxTries 2', async () => {
    const service = new BlobServiceClient(`${server.endpoint}/devstoreaccount1`, undefined, { retryOptions: { maxTries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 1 } });
    const driver = new AzureBlobDriver({ containerClient: service.getContainerClient('photos') });
    expect(await requestsFor(driver, false, (bucket) => bucket.head('a.jpg'))).toBe(2);
  });
});

describe('s3: a streamed put, which the portable layer never resends', () => {
  const stream = () => Readable.from([Buffer.from('streamed once')]);

  it('keeps the SDK\'s default retries (3 attempts) for its part when unconditional', async () => {
    expect(await requestsFor(drivers.s3!(), ours, (bucket) => bucket.put('s.txt', stream()))).toBe(3);
  });

  it('sends a conditional one once: a resent request could meet its own first attempt as a conflict', async () => {
    expect(await requestsFor(drivers.s3!(), ours, (bucket) => bucket.put('s.txt', stream(), { ifNotExists: true }))).toBe(1);
  });
});
