import { BlobSASPermissions, BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteHandle } from './azurite.js';
import { digestStream, patternStream } from './test-data.js';

let azurite: AzuriteHandle;
let container: ContainerClient;

beforeAll(async () => {
  azurite = await startAzurite();
  await azurite.createContainer('servers-test');
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('servers-test');
});
afterAll(async () => {
  await azurite?.stop();
});

/** Runs `call` and returns the storage error it fails with (service code and HTTP status). */
async function azureError(call: () => Promise<unknown>): Promise<{ code: string | undefined; status: number | undefined }> {
  try {
    await call();
  } catch (err) {
    if (err instanceof RestError) return { code: err.code, status: err.statusCode };
    throw err;
  }
  throw new Error('expected the request to fail');
}

async function download(name: string, offset?: number, count?: number): Promise<string> {
  const res = await container.getBlockBlobClient(name).download(offset, count);
  return (await digestText(res.readableStreamBody!));
}
async function digestText(body: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

describe('Azurite blob service through @azure/storage-blob', () => {
  it('round-trips bytes, content type, cache control and metadata', async () => {
    const blob = container.getBlockBlobClient('dir/hello world ü.txt');
    await blob.upload('hello', 5, {
      blobHTTPHeaders: { blobContentType: 'text/plain', blobCacheControl: 'max-age=60' },
      metadata: { owner: 'ana' },
    });
    const props = await blob.getProperties();
    expect(props.contentType).toBe('text/plain');
    expect(props.cacheControl).toBe('max-age=60');
    expect(props.metadata).toEqual({ owner: 'ana' });
    expect(await download('dir/hello world ü.txt')).toBe('hello');
  });

  it('streams a 40 MB object up as staged blocks and back down intact', async () => {
    const data = patternStream(40 * 1024 * 1024, 3);
    const blob = container.getBlockBlobClient('big.bin');
    await blob.uploadStream(data.stream(), 8 * 1024 * 1024, 4);
    const blocks = await blob.getBlockList('committed');
    expect(blocks.committedBlocks).toHaveLength(5);
    const res = await blob.download();
    expect(await digestStream(res.readableStreamBody as AsyncIterable<Uint8Array>))
      .toEqual({ sha256: data.sha256, size: 40 * 1024 * 1024 });
  });

  it('serves byte ranges and rejects unsatisfiable ones', async () => {
    await container.getBlockBlobClient('range.txt').upload('0123456789', 10);
    expect(await download('range.txt', 2, 4)).toBe('2345');
    expect(await download('range.txt', 7)).toBe('789');
    expect(await azureError(() => download('range.txt', 20, 5))).toEqual({ code: 'InvalidRange', status: 416 });
  });

  it('lists hierarchically and by pages in key order', async () => {
    const names = ['list/a.txt', 'list/b/1.txt', 'list/b/2.txt', 'list/c.txt', 'list/d/1.txt'];
    for (const name of names) await container.getBlockBlobClient(name).upload(name, name.length);
    const flat: string[][] = [];
    for await (const page of container.listBlobsFlat({ prefix: 'list/' }).byPage({ maxPageSize: 2 })) {
      flat.push(page.segment.blobItems.map((b) => b.name));
    }
    expect(flat).toEqual([names.slice(0, 2), names.slice(2, 4), names.slice(4)]);
    const blobs: string[] = [];
    const prefixes: string[] = [];
    for await (const item of container.listBlobsByHierarchy('/', { prefix: 'list/' })) {
      (item.kind === 'prefix' ? prefixes : blobs).push(item.name);
    }
    expect({ blobs, prefixes }).toEqual({ blobs: ['list/a.txt', 'list/c.txt'], prefixes: ['list/b/', 'list/d/'] });
  });

  it('enforces preconditions on writes (If-None-Match: *, If-Match)', async () => {
    const blob = container.getBlockBlobClient('cond.txt');
    const first = await blob.upload('v1', 2, { conditions: { ifNoneMatch: '*' } });
    expect(await azureError(() => blob.upload('v2', 2, { conditions: { ifNoneMatch: '*' } })))
      .toEqual({ code: 'BlobAlreadyExists', status: 409 });
    expect(await azureError(() => blob.upload('v2', 2, { conditions: { ifMatch: '"0x0"' } })))
      .toEqual({ code: 'ConditionNotMet', status: 412 });
    await blob.upload('v3', 2, { conditions: { ifMatch: first.etag } });
    expect(await download('cond.txt')).toBe('v3');
  });

  it('copies blobs and serves SAS URLs', async () => {
    const source = container.getBlockBlobClient('copy-src.txt');
    await source.upload('copy me', 7, { blobHTTPHeaders: { blobContentType: 'text/x-src' } });
    const target = container.getBlockBlobClient('copy-dst.txt');
    await target.syncCopyFromURL(source.url);
    expect(await download('copy-dst.txt')).toBe('copy me');
    const sas = await source.generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 60_000) });
    expect(await (await fetch(sas)).text()).toBe('copy me');
    const expired = await source.generateSasUrl({
      permissions: BlobSASPermissions.parse('r'), startsOn: new Date(Date.now() - 120_000), expiresOn: new Date(Date.now() - 60_000),
    });
    expect((await fetch(expired)).status).toBe(403);
    expect((await fetch(source.url)).status).toBe(403); // no anonymous access to a private container
  });

  it('reports missing blobs and containers with service error codes', async () => {
    expect(await azureError(() => download('nope'))).toEqual({ code: 'BlobNotFound', status: 404 });
    const missing = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('no-such-container');
    expect(await azureError(() => missing.getBlockBlobClient('k').upload('x', 1))).toEqual({ code: 'ContainerNotFound', status: 404 });
    expect(await container.getBlockBlobClient('nope').deleteIfExists()).toMatchObject({ succeeded: false });
  });

  it('rejects a wrong account key', async () => {
    const wrongKey = azurite.connectionString.replace(azurite.accountKey, Buffer.from('wrong key').toString('base64'));
    const client = BlobServiceClient.fromConnectionString(wrongKey).getContainerClient('servers-test');
    expect(await azureError(() => client.getBlockBlobClient('range.txt').download())).toMatchObject({ status: 403 });
  });

  it('stop() ends the child process', async () => {
    const t0 = performance.now();
    const other = await startAzurite();
    console.info(`Azurite start-up: ${(performance.now() - t0).toFixed(0)} ms`);
    await other.stop();
    expect(() => process.kill(other.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});
