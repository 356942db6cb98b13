/**
 * The storage contract for the Azure Blob driver, against Azurite 3.35.0 (the blob
 * service) started here: once with a driver built from a connection string, once through
 * the `azblob://` scheme with a key prefix.
 */
import { afterAll } from 'vitest';
import { describeStorageDriver, type SignedUrlRequest, type SignedUrlResponse } from '@faasade/contract';
import { AzureBlobDriver, azureBlobScheme } from '@faasade/azure/blob';
import { startAzurite, type AzuriteHandle } from '../servers/azurite.js';

let server: Promise<AzuriteHandle> | undefined;
/** Starts Azurite on first use (inside the suite's beforeAll) with the two test containers. */
function azurite(): Promise<AzuriteHandle> {
  server ??= startAzurite().then(async (handle) => {
    await handle.createContainer('contract');
    await handle.createContainer('contract-by-url');
    return handle;
  });
  return server;
}
afterAll(async () => { await (await server)?.stop(); });

/**
 * A client of a signed URL. Azure's Put Blob needs `x-ms-blob-type: BlockBlob` from the
 * uploader (a SAS cannot carry it), so PUTs send it, as documented on `signedUrl`.
 */
async function fetchSignedUrl(url: string, request: SignedUrlRequest): Promise<SignedUrlResponse> {
  const headers: Record<string, string> = request.contentType ? { 'content-type': request.contentType } : {};
  if (request.method === 'PUT') headers['x-ms-blob-type'] = 'BlockBlob';
  const response = await fetch(url, { method: request.method, headers, ...(request.body ? { body: request.body } : {}) });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}

describeStorageDriver({
  name: 'azblob against Azurite 3.35.0',
  makeDriver: async () => new AzureBlobDriver({ connectionString: (await azurite()).connectionString, container: 'contract' }),
  makeDriverForNonexistentBucket: async () =>
    new AzureBlobDriver({ connectionString: (await azurite()).connectionString, container: 'no-such-container' }),
  fetchSignedUrl,
});

describeStorageDriver({
  name: 'azblob://contract-by-url against Azurite 3.35.0',
  keyPrefix: 'tenant one/',
  makeDriver: async () => {
    const { blobEndpoint, accountName, accountKey } = await azurite();
    const env = { AZURE_STORAGE_ACCOUNT: accountName, AZURE_STORAGE_KEY: accountKey };
    const url = new URL(`azblob://contract-by-url?endpoint=${encodeURIComponent(blobEndpoint)}`);
    return azureBlobScheme({ env }).open(url);
  },
  fetchSignedUrl,
  reasons: { nonexistentBucket: 'covered by the connection-string run above' },
});
