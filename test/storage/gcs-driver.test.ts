/**
 * GCS driver behaviour beyond the shared contract, against the GCS JSON API test server:
 * the etag/generation design, escaped names, reads pinned to a generation, aborts, signed
 * PUT content types, the native escape hatch and STORAGE_EMULATOR_HOST.
 */
import { Readable } from 'node:stream';
import type { Bucket as SdkBucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bucket, type StorageError } from '@faasade/core/storage';
import { GcsDriver } from '@faasade/gcp/gcs';
import { startGcsServer, type GcsServerHandle } from '../servers/gcs.js';
import { makeServiceAccount } from '../../packages/adapters/gcp/test/storage/service-account.js';

const account = makeServiceAccount();
let server: GcsServerHandle;
let bucket: Bucket;
let sdkBucket: SdkBucket;

beforeAll(async () => {
  server = await startGcsServer({
    mode: 'in-process',
    signedUrlKeys: { [account.key.client_email]: account.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  });
  await server.createBucket('driver');
  bucket = new Bucket(new GcsDriver({ bucket: 'driver', clientOptions: { ...server.storageOptions, credentials: account.key } }));
  // Before any call: the driver loads the SDK to hand out its client.
  sdkBucket = (await bucket.native()).client as SdkBucket;
});
afterAll(async () => { await server?.stop(); });

async function failure(call: Promise<unknown>): Promise<StorageError> {
  return (await call.then(() => { throw new Error('expected the call to fail'); }, (e: unknown) => e)) as StorageError;
}

describe('etags are <generation>.<metageneration>', () => {
  it('match the object resource the SDK reports', async () => {
    const { etag } = await bucket.put('etag/plain', 'v1');
    const [metadata] = await sdkBucket.file('etag/plain').getMetadata();
    expect(etag).toBe(`${metadata.generation}.${metadata.metageneration}`);
    expect((await bucket.head('etag/plain')).etag).toBe(etag);
  });

  it('a metadata patch made with the native client changes the etag, so ifMatch with the old one fails', async () => {
    const before = await bucket.put('etag/patched', 'v1');
    await sdkBucket.file('etag/patched').setMetadata({ metadata: { reviewed: 'yes' } });
    const after = await bucket.head('etag/patched');
    expect(after.etag).not.toBe(before.etag);
    expect((await failure(bucket.put('etag/patched', 'v2', { ifMatch: before.etag }))).code).toBe('PreconditionFailed');
    expect(await bucket.getText('etag/patched')).toBe('v1');
    await bucket.put('etag/patched', 'v2', { ifMatch: after.etag });
    expect(await bucket.getText('etag/patched')).toBe('v2');
  });

  it('an etag of another form can match nothing: PreconditionFailed, nothing written', async () => {
    await bucket.put('etag/foreign', 'kept');
    for (const foreign of ['"d41d8cd98f00b204e9800998ecf8427e"', '12', 'CKih16GjycICEAE=']) {
      expect((await failure(bucket.put('etag/foreign', 'lost', { ifMatch: foreign }))).code).toBe('PreconditionFailed');
    }
    expect(await bucket.getText('etag/foreign')).toBe('kept');
  });

  it('copies get their own generation', async () => {
    const source = await bucket.put('etag/source', 'copied');
    const copy = await bucket.copy('etag/copy', 'etag/source');
    expect(copy.etag).not.toBe(source.etag);
    expect((await bucket.head('etag/copy')).etag).toBe(copy.etag);
  });
});

describe('names GCS refuses', () => {
  it('"." and ".." are stored under escaped names and come back as written', async () => {
    const scoped = new Bucket(new GcsDriver({ bucket: 'driver', clientOptions: server.storageOptions }), { prefix: '' });
    await scoped.put('.', 'dot');
    await scoped.put('..', 'dot dot');
    expect(await scoped.getText('.')).toBe('dot');
    expect(await scoped.getText('..')).toBe('dot dot');
    const [exists] = await sdkBucket.file('.\u0001').exists();
    expect(exists).toBe(true);
    const keys: string[] = [];
    for await (const entry of scoped.list({ prefix: '.' })) keys.push(entry.key);
    expect(keys).toEqual(['.', '..']);
    await scoped.delete('.', { mustExist: true });
    await scoped.delete('..', { mustExist: true });
  });
});

describe('reads', () => {
  it('a body is the version get resolved with, even when the key is overwritten before it is read', async () => {
    await bucket.put('pinned/k', 'old version');
    const { info, body } = await bucket.get('pinned/k');
    await bucket.put('pinned/k', 'new version');
    expect(await new Response(body).text()).toBe('old version');
    expect(info.size).toBe('old version'.length);
    expect(await bucket.getText('pinned/k')).toBe('new version');
  });
});

describe('writes', () => {
  it('bytes over the multipart limit (sent as a resumable upload) round-trip with their metadata', async () => {
    const bytes = new Uint8Array(9 * 1024 * 1024 + 5).map((_, i) => (i * 31) & 0xff);
    const { etag } = await bucket.put('large-bytes/k', bytes, { contentType: 'application/x-big', metadata: { part: 'one' } });
    const info = await bucket.head('large-bytes/k');
    expect(info).toMatchObject({ etag, size: bytes.length, contentType: 'application/x-big', metadata: { part: 'one' } });
    expect(Buffer.compare(Buffer.from(await bucket.getBytes('large-bytes/k')), Buffer.from(bytes))).toBe(0);
  });
});

describe('aborts', () => {
  it('aborting a streamed upload halfway rejects with Canceled and leaves no object', async () => {
    const controller = new AbortController();
    let sent = 0;
    const body = new Readable({
      read() {
        sent += 1;
        if (sent === 8) controller.abort();
        this.push(Buffer.alloc(256 * 1024, sent));
      },
    });
    expect((await failure(bucket.put('aborted/k', body, { signal: controller.signal }))).code).toBe('Canceled');
    expect(await bucket.exists('aborted/k')).toBe(false);
  });

  it('aborting while a body is read ends the read with Canceled', async () => {
    await bucket.put('aborted/read', Buffer.alloc(4 * 1024 * 1024, 7));
    const controller = new AbortController();
    const { body } = await bucket.get('aborted/read', { signal: controller.signal });
    const reader = body.getReader();
    await reader.read();
    controller.abort();
    const error = (await (async () => { for (;;) { if ((await reader.read()).done) return undefined; } })().catch((e: unknown) => e)) as StorageError;
    expect(error?.code).toBe('Canceled');
  });
});

describe('signed PUT URLs', () => {
  it('bind the content type: an upload with another type is refused, the signed one succeeds', async () => {
    const url = await bucket.signedUrl('signed/typed.json', { method: 'PUT', expiresIn: 60, contentType: 'application/json' });
    const wrong = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(wrong.status).toBe(403);
    expect(await bucket.exists('signed/typed.json')).toBe(false);
    const right = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
    expect(right.status).toBe(200);
    expect(await bucket.getJson('signed/typed.json')).toEqual({ ok: true });
  });
});

describe('client configuration', () => {
  it('the native handle is the SDK Bucket of the configured bucket', async () => {
    const handle = await bucket.native();
    expect(handle.scheme).toBe('gs');
    await bucket.put('native/k', 'through the driver');
    const client = handle.client as SdkBucket;
    expect(client.name).toBe('driver');
    const [contents] = await client.file('native/k').download();
    expect(contents.toString()).toBe('through the driver');
  });

  it('an injected Storage is used as given', async () => {
    const { Storage } = await import('@google-cloud/storage');
    const injected = new Bucket(new GcsDriver({ bucket: 'driver', storage: new Storage(server.storageOptions) }));
    await injected.put('injected/k', 'via injected storage');
    expect(await bucket.getText('injected/k')).toBe('via injected storage');
  });

  it('STORAGE_EMULATOR_HOST is honoured when no endpoint is given, as the SDK does', async () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = server.endpoint;
    try {
      const viaEnv = new Bucket(new GcsDriver({ bucket: 'driver', clientOptions: { projectId: server.projectId } }));
      await viaEnv.put('emulator-host/k', 'via STORAGE_EMULATOR_HOST');
      expect(await viaEnv.getText('emulator-host/k')).toBe('via STORAGE_EMULATOR_HOST');
      expect(await bucket.getText('emulator-host/k')).toBe('via STORAGE_EMULATOR_HOST');
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });
});
