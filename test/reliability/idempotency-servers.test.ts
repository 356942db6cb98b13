/**
 * Idempotency against the servers that enforce preconditions: Azurite (through
 * @faasade/azure/blob) and the GCS JSON API test server (through @faasade/gcp/gcs).
 * s3rver is absent on purpose: it ignores `If-None-Match`/`If-Match` on PutObject, so the
 * S3 path relies on real S3's conditional writes (see docs/reliability.md).
 * 250 duplicates per case by default (IDEMPOTENCY_SERVER_DUPLICATES raises it): 1,000
 * concurrent connections passed here once but also met EPIPE from the GCS test server
 * under load, which is a transport fault for the retry layer, not an idempotency result.
 */
import { afterAll } from 'vitest';
import { Bucket } from '@faasade/core/storage';
import { AzureBlobDriver } from '@faasade/azure/blob';
import { GcsDriver } from '@faasade/gcp/gcs';
import { startAzurite, type AzuriteHandle } from '../servers/azurite.js';
import { startGcsServer, type GcsServerHandle } from '../servers/gcs.js';
import { describeIdempotency } from './idempotency-suite.js';

let azurite: Promise<AzuriteHandle> | undefined;
let gcs: Promise<GcsServerHandle> | undefined;
afterAll(async () => {
  await (await azurite)?.stop();
  await (await gcs)?.stop();
});

describeIdempotency({
  name: 'Azure Blob (Azurite 3.35.0)',
  makeBucket: async () => {
    azurite ??= startAzurite().then(async (handle) => { await handle.createContainer('idempotency'); return handle; });
    return new Bucket(new AzureBlobDriver({ connectionString: (await azurite).connectionString, container: 'idempotency' }));
  },
  duplicates: Number(process.env.IDEMPOTENCY_SERVER_DUPLICATES ?? 250),
  crashLeaseMs: 1500,
});

describeIdempotency({
  name: 'GCS (the GCS JSON API test server)',
  makeBucket: async () => {
    gcs ??= startGcsServer().then(async (handle) => { await handle.createBucket('idempotency'); return handle; });
    return new Bucket(new GcsDriver({ bucket: 'idempotency', clientOptions: (await gcs).storageOptions }));
  },
  duplicates: Number(process.env.IDEMPOTENCY_SERVER_DUPLICATES ?? 250),
  crashLeaseMs: 1500,
});
