/**
 * The Azure Blob driver costs nothing until it is used: a Functions bundle without
 * storage carries no blob code, importing `@faasade/azure/blob` loads no SDK, and the SDK
 * arrives with the first call. Each case bundles with esbuild as a deploy does and runs
 * the bundle in a fresh Node (see lazy-sdk.ts).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteHandle } from '../servers/azurite.js';
import { ProbeFolder, type DriverProbe } from './lazy-sdk.js';

const AZURE_PACKAGE = join(import.meta.dirname, '../../packages/adapters/azure');
let folder: ProbeFolder;

beforeAll(async () => { folder = await ProbeFolder.create('faasade-azblob-lazy-'); });
afterAll(async () => { await folder?.close(); });

describe('what a bundle carries', () => {
  it('a bundle of the Azure Functions adapter alone holds no blob driver and no storage SDK', async () => {
    const { metafile } = await folder.bundle('http-only', `export { azureHandler } from '@faasade/azure';`, ['@azure/functions']);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((path) => path.includes('storage-blob'))).toEqual([]);
    // Only the blob name mapping, which storage events share to decode keys, may come along.
    const storageFiles = inputs.filter((path) => path.includes('adapters/azure/src/storage/'));
    expect(storageFiles.filter((path) => !path.endsWith('/blob-names.ts'))).toEqual([]);
  });

  it('the blob entry reaches the SDK only through a dynamic import', async () => {
    const { metafile } = await folder.bundle('blob-entry', `export * from '@faasade/azure/blob';`, ['@azure/*']);
    const sdk = Object.values(metafile.outputs).flatMap((output) => output.imports).filter((entry) => entry.path.startsWith('@azure/'));
    expect(sdk).toEqual([expect.objectContaining({ path: '@azure/storage-blob', kind: 'dynamic-import' })]);
  });
});

describe('when the SDK loads', () => {
  let azurite: AzuriteHandle;
  beforeAll(async () => {
    azurite = await startAzurite();
    await azurite.createContainer('lazy');
  });
  afterAll(async () => { await azurite?.stop(); });

  const driver: DriverProbe = {
    entry: '@faasade/azure/blob',
    driverClass: 'AzureBlobDriver',
    driverOptions: `{ connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING, container: 'lazy' }`,
    url: `'azblob://lazy'`,
    sdkMarker: 'storage-blob',
    external: ['@azure/*'],
  };
  const env = () => ({ AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });

  it('importing @faasade/azure/blob and opening buckets load no SDK file; the first call does', async () => {
    // The SDK stays external, resolved from the package that declares it (as in a deploy's node_modules).
    const result = await folder.probe(driver, env(), AZURE_PACKAGE);
    expect(result, JSON.stringify(result)).toMatchObject({ afterImport: 0, afterOpen: 0, read: 'v' });
    expect(result.afterCall).toBeGreaterThan(0);
  });

  it('without the SDK installed, importing works and the first call rejects with Unimplemented naming the package', async () => {
    const result = await folder.probe(driver, env());
    expect(result).toMatchObject({ afterImport: 0, afterOpen: 0, code: 'Unimplemented' });
    expect(result.message).toContain('@azure/storage-blob');
  });
});
