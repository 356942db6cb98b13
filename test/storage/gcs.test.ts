/**
 * The storage contract for the GCS driver, against the GCS JSON API test server started
 * here (test/servers/gcs): once with a driver holding a throwaway service-account key (the
 * server checks V4 signatures against its public key), once through the `gs://` scheme
 * with a key prefix.
 */
import { afterAll } from 'vitest';
import { describeStorageDriver } from '@faasade/contract';
import { GcsDriver, storageScheme } from '@faasade/gcp/gcs';
import { startGcsServer, type GcsServerHandle } from '../servers/gcs.js';
import { makeServiceAccount } from '../../packages/adapters/gcp/test/storage/service-account.js';

const account = makeServiceAccount();
let server: Promise<GcsServerHandle> | undefined;

/** Starts the server on first use (inside the suite's beforeAll) with the two test buckets. */
function gcs(): Promise<GcsServerHandle> {
  server ??= startGcsServer({
    signedUrlKeys: { [account.key.client_email]: account.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  }).then(async (handle) => {
    await handle.createBucket('contract');
    await handle.createBucket('contract-by-url');
    return handle;
  });
  return server;
}
afterAll(async () => { await (await server)?.stop(); });

async function driverFor(bucket: string): Promise<GcsDriver> {
  const { storageOptions } = await gcs();
  return new GcsDriver({ bucket, clientOptions: { ...storageOptions, credentials: account.key } });
}

describeStorageDriver({
  name: 'gs against the GCS JSON API test server',
  makeDriver: () => driverFor('contract'),
  makeDriverForNonexistentBucket: () => driverFor('no-such-bucket'),
});

describeStorageDriver({
  name: 'gs://contract-by-url against the GCS JSON API test server',
  keyPrefix: 'tenant one/',
  makeDriver: async () => {
    const { endpoint, projectId } = await gcs();
    return storageScheme.open(new URL(`gs://contract-by-url?projectId=${projectId}&apiEndpoint=${encodeURIComponent(endpoint)}`));
  },
  capabilities: { signedGetUrl: false, signedPutUrl: false },
  reasons: {
    nonexistentBucket: 'covered by the run above',
    signedGetUrl: 'a URL carries no credentials, and this process has no service-account key; the run above signs',
    signedPutUrl: 'a URL carries no credentials, and this process has no service-account key; the run above signs',
  },
});
