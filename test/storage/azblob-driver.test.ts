/**
 * What the Azure Blob driver does beyond the shared contract, against Azurite 3.35.0:
 * the names and metadata other Azure tools see, lost races between streamed writers,
 * aborts in the middle of a block upload, and signed URL rules.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { Bucket, isStorageError } from '@faasade/core/storage';
import { AzureBlobDriver } from '@faasade/azure/blob';
import { patternNodeStream } from '@faasade/contract';
import { startAzurite, type AzuriteHandle } from '../servers/azurite.js';

const MiB = 1024 * 1024;
let azurite: AzuriteHandle;
let raw: ContainerClient;
let bucket: Bucket;

beforeAll(async () => {
  azurite = await startAzurite();
  await azurite.createContainer('driver');
  raw = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('driver');
  // Small blocks, so a few MiB make a multi-block upload.
  bucket = new Bucket(new AzureBlobDriver({ connectionString: azurite.connectionString, container: 'driver', blockSize: MiB, concurrency: 2 }));
});
afterAll(async () => {
  await bucket?.close();
  await azurite?.stop();
});

async function storedNames(prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of raw.listBlobsFlat({ prefix })) names.push(blob.name);
  return names;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'resolved', (error: unknown) => (isStorageError(error) ? error.code : `not a StorageError: ${String(error)}`));
}

/** A stream of `total` bytes that waits for `gate` after the first `pauseAfter` bytes. */
function gatedStream(total: number, pauseAfter: number, gate: Promise<void>): Readable {
  return Readable.from((async function* () {
    for (let sent = 0; sent < total; sent += MiB) {
      if (sent === pauseAfter) await gate;
      yield Buffer.alloc(Math.min(MiB, total - sent), sent / MiB);
    }
  })());
}

describe('names other Azure tools see', () => {
  it('stores ordinary keys as they are and escapes only what Azure would alter', async () => {
    const keys = ['names/photos/cat 1.jpg', 'names/a/../b', 'names/back\\slash', 'names/100%.txt', 'names/end.'];
    for (const key of keys) await bucket.put(key, key);
    expect(await storedNames('names/')).toEqual(
      ['names/a/.%2E/b', 'names/100%25.txt', 'names/back%5Cslash', 'names/end%2E', 'names/photos/cat 1.jpg'].sort(),
    );
    for (const key of keys) expect(await bucket.getText(key)).toBe(key);
  });

  it('writes metadata names unchanged and reads names other tools wrote in any case as lower case', async () => {
    await bucket.put('meta/ours', 'x', { metadata: { sha_256: 'abc', n2: 'v' } });
    expect((await raw.getBlobClient('meta/ours').getProperties()).metadata).toEqual({ sha_256: 'abc', n2: 'v' });
    await raw.getBlockBlobClient('meta/theirs').upload('x', 1, { metadata: { Owner: 'team-a', CamelCase_Name: 'v' } });
    expect((await bucket.head('meta/theirs')).metadata).toEqual({ owner: 'team-a', camelcase_name: 'v' });
  });
});

/** A one-chunk stream, so the put stages a block and commits a block list. */
function streamOf(text: string): Readable {
  return Readable.from([Buffer.from(text)]);
}

describe('streamed writes racing other streamed writes', () => {
  // A Put Block List discards every uncommitted block it does not name, also the blocks
  // another writer has staged for the same blob; that writer's commit then fails.
  it('a streamed put whose staged blocks a concurrent commit discarded resolves as replaced at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const slow = bucket.put('race/k', gatedStream(4 * MiB, 2 * MiB, gate));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the first blocks are staged
    const fast = await bucket.put('race/k', streamOf('the other writer'));
    release();
    const lost = await slow;
    expect(await bucket.getText('race/k')).toBe('the other writer');
    expect(lost.etag).not.toBe(fast.etag);
    expect(await codeOf(bucket.put('race/k', 'cas', { ifMatch: lost.etag }))).toBe('PreconditionFailed');
    await bucket.put('race/k', 'cas', { ifMatch: fast.etag });
    expect(await bucket.getText('race/k')).toBe('cas');
  });

  it('a conditional streamed put that loses the race fails with PreconditionFailed', async () => {
    const { etag } = await bucket.put('race/cond', 'v0');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const slow = codeOf(bucket.put('race/cond', gatedStream(4 * MiB, 2 * MiB, gate), { ifMatch: etag }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await bucket.put('race/cond', streamOf('v1'));
    release();
    expect(await slow).toBe('PreconditionFailed');
    expect(await bucket.getText('race/cond')).toBe('v1');
  });
});

describe('aborting and failing uploads', () => {
  it('an abort in the middle of a block upload rejects with Canceled and commits nothing', async () => {
    const controller = new AbortController();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const put = codeOf(bucket.put('abort/k', gatedStream(8 * MiB, 3 * MiB, gate), { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    release();
    expect(await put).toBe('Canceled');
    expect(await storedNames('abort/')).toEqual([]);
  });

  it('a body stream destroyed without an error rejects instead of hanging, and commits nothing', async () => {
    const body = patternNodeStream(7, 6 * MiB);
    let sent = 0;
    body.on('data', (chunk: Buffer) => { sent += chunk.length; if (sent > 2 * MiB) body.destroy(); });
    expect(await codeOf(bucket.put('destroyed/k', body))).not.toBe('resolved');
    expect(await storedNames('destroyed/')).toEqual([]);
  });
});

describe('signed URLs', () => {
  it('a GET URL cannot upload, and a PUT URL needs the x-ms-blob-type header Azure requires', async () => {
    await bucket.put('sas/k', 'original');
    const getUrl = await bucket.signedUrl('sas/k', { method: 'GET', expiresIn: 60 });
    const refused = await fetch(getUrl, { method: 'PUT', body: 'x', headers: { 'x-ms-blob-type': 'BlockBlob' } });
    expect(refused.status).toBe(403);
    const putUrl = await bucket.signedUrl('sas/k', { method: 'PUT', expiresIn: 60 });
    expect((await fetch(putUrl, { method: 'PUT', body: 'no blob type' })).status).toBe(400);
    expect(await bucket.getText('sas/k')).toBe('original');
  });

  it('an expired PUT URL is refused and writes nothing', async () => {
    const putUrl = await bucket.signedUrl('sas/late', { method: 'PUT', expiresIn: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const response = await fetch(putUrl, { method: 'PUT', body: 'late', headers: { 'x-ms-blob-type': 'BlockBlob' } });
    expect(response.status).toBe(403);
    expect(await bucket.exists('sas/late')).toBe(false);
  });
});

describe('escape hatch', () => {
  it('native() is the ContainerClient of the container', async () => {
    const { scheme, client } = await bucket.native();
    expect(scheme).toBe('azblob');
    expect((client as ContainerClient).containerName).toBe('driver');
  });
});
