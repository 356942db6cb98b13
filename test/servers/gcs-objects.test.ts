import { Storage, type Bucket } from '@google-cloud/storage';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGcsServer, type GcsServerHandle } from './gcs.js';
import { crc32cBase64, crc32cUpdate } from './gcs/crc32c.js';
import { gcsStatus } from './gcs-test-helpers.js';

let gcs: GcsServerHandle;
let storage: Storage;
let bucket: Bucket;

beforeAll(async () => {
  const t0 = performance.now();
  gcs = await startGcsServer();
  console.info(`GCS test server start-up (child process): ${(performance.now() - t0).toFixed(0)} ms`);
  storage = new Storage(gcs.storageOptions);
  await gcs.createBucket('objects-test');
  bucket = storage.bucket('objects-test');
});
afterAll(async () => {
  await gcs?.stop();
});

const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('base64');
const crc32c = (data: string | Buffer): string => crc32cBase64(crc32cUpdate(0, Buffer.from(data)));

describe('GCS test server: objects through @google-cloud/storage', () => {
  it('round-trips bytes, content type, cache control and custom metadata', async () => {
    const file = bucket.file('dir/hello world ü+%.txt');
    await file.save('hello', { contentType: 'text/plain', metadata: { cacheControl: 'max-age=60', metadata: { owner: 'ana' } } });
    const [data] = await file.download();
    expect(data.toString()).toBe('hello');
    const [meta] = await file.getMetadata();
    expect(meta).toMatchObject({
      name: 'dir/hello world ü+%.txt', bucket: 'objects-test', size: '5', contentType: 'text/plain',
      cacheControl: 'max-age=60', metadata: { owner: 'ana' }, metageneration: '1',
      md5Hash: md5('hello'), crc32c: crc32c('hello'),
    });
    expect(meta.generation).toMatch(/^\d+$/);
    expect(meta.etag).toBeTruthy();
  });

  it('gives every write a new, larger generation and keeps a defaulted content type', async () => {
    const file = bucket.file('gen.bin');
    await file.save(Buffer.from([1, 2, 3]), { resumable: false });
    const [first] = await file.getMetadata();
    await file.save(Buffer.from([4]), { resumable: false });
    const [second] = await file.getMetadata();
    expect(BigInt(second.generation!)).toBeGreaterThan(BigInt(first.generation!));
    expect(second.etag).not.toBe(first.etag);
    expect(second.contentType).toBe('application/octet-stream');
  });

  it('downloads byte ranges, including tails', async () => {
    const file = bucket.file('range.txt');
    await file.save('0123456789', { resumable: false });
    expect((await file.download({ start: 2, end: 5 }))[0].toString()).toBe('2345');
    expect((await file.download({ start: 7 }))[0].toString()).toBe('789');
    expect((await file.download({ end: -3 }))[0].toString()).toBe('789');
    expect((await file.download({ start: 8, end: 100 }))[0].toString()).toBe('89');
    expect(await gcsStatus(() => file.download({ start: 20, end: 30 }))).toBe(416);
  });

  it('patches metadata: merges custom keys, removes null ones, bumps metageneration, keeps the bytes', async () => {
    const file = bucket.file('patch.txt');
    await file.save('same bytes', { contentType: 'text/plain', metadata: { metadata: { a: '1', b: '2' } } });
    const [before] = await file.getMetadata();
    const [after] = await file.setMetadata({ contentType: 'text/markdown', cacheControl: 'no-store', metadata: { b: null, c: '3' } });
    expect(after).toMatchObject({ contentType: 'text/markdown', cacheControl: 'no-store', metadata: { a: '1', c: '3' }, metageneration: '2' });
    expect(after.metadata).not.toHaveProperty('b');
    expect(after.generation).toBe(before.generation);
    expect(after.etag).not.toBe(before.etag);
    expect((await file.download())[0].toString()).toBe('same bytes');
  });

  it('deletes objects; a missing object is a 404', async () => {
    const file = bucket.file('delete-me.txt');
    await file.save('x', { resumable: false });
    await file.delete();
    expect((await file.exists())[0]).toBe(false);
    expect(await gcsStatus(() => file.delete())).toBe(404);
    await expect(file.delete({ ignoreNotFound: true })).resolves.toBeDefined();
  });

  it('copies (rewrite) with the source metadata, or with overrides', async () => {
    const source = bucket.file('copy-src.txt');
    await source.save('copy me', { contentType: 'text/x-src', metadata: { metadata: { a: '1' } } });
    const [copy] = await source.copy('copy-dst.txt');
    const [copied] = await copy.getMetadata();
    expect(copied).toMatchObject({ contentType: 'text/x-src', metadata: { a: '1' }, md5Hash: md5('copy me'), size: '7' });
    expect((await copy.download())[0].toString()).toBe('copy me');
    const [other] = await source.copy(storage.bucket('objects-test').file('copy-override.txt'), { contentType: 'text/plain' });
    expect((await other.getMetadata())[0]).toMatchObject({ contentType: 'text/plain', metadata: { a: '1' } });
    // The copy is independent of later writes to the source.
    await source.save('changed', { resumable: false });
    expect((await copy.download())[0].toString()).toBe('copy me');
  });

  it('composes objects: concatenated bytes, a CRC32C and a component count, no MD5', async () => {
    await bucket.file('part-1').save('abc', { resumable: false });
    await bucket.file('part-2').save('def', { resumable: false });
    const [combined] = await bucket.combine(['part-1', 'part-2'], 'combined.txt');
    expect((await combined.download())[0].toString()).toBe('abcdef');
    const [meta] = await combined.getMetadata();
    expect(meta).toMatchObject({ crc32c: crc32c('abcdef'), componentCount: 2, size: '6' });
    expect(meta.md5Hash).toBeUndefined();
  });

  it('answers missing buckets and objects with 404 and a GCS error body', async () => {
    expect(await gcsStatus(() => bucket.file('nope').download())).toBe(404);
    expect(await gcsStatus(() => bucket.file('nope').getMetadata())).toBe(404);
    const missing = storage.bucket('no-such-bucket');
    expect(await gcsStatus(() => missing.file('k').getMetadata())).toBe(404);
    expect(await gcsStatus(() => missing.file('k').save('x', { resumable: false }))).toBe(404);
    expect(await gcsStatus(() => missing.file('k').save('x'))).toBe(404);
    expect(await gcsStatus(() => missing.getFiles())).toBe(404);
    const res = await fetch(`${gcs.endpoint}/storage/v1/b/objects-test/o/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 404, errors: [{ reason: 'notFound', domain: 'global' }] } });
  });

  it('serves the same API with and without the /storage/v1 prefix, and under /download', async () => {
    await bucket.file('paths.txt').save('p', { resumable: false });
    const plain = await fetch(`${gcs.endpoint}/b/objects-test/o/paths.txt`);
    expect(await plain.json()).toMatchObject({ name: 'paths.txt' });
    const download = await fetch(`${gcs.endpoint}/download/storage/v1/b/objects-test/o/paths.txt?alt=media`);
    expect(await download.text()).toBe('p');
    expect(download.headers.get('x-goog-hash')).toBe(`crc32c=${crc32c('p')},md5=${md5('p')}`);
  });

  it('takes simple media uploads (uploadType=media) and the older copyTo', async () => {
    const upload = await fetch(`${gcs.endpoint}/upload/storage/v1/b/objects-test/o?uploadType=media&name=media%2Fone.txt`, {
      method: 'POST', body: 'media body', headers: { 'content-type': 'text/x-media' },
    });
    expect(await upload.json()).toMatchObject({ name: 'media/one.txt', contentType: 'text/x-media', size: '10', md5Hash: md5('media body') });
    const copy = await fetch(`${gcs.endpoint}/storage/v1/b/objects-test/o/media%2Fone.txt/copyTo/b/objects-test/o/media%2Ftwo.txt`, { method: 'POST' });
    expect(await copy.json()).toMatchObject({ kind: 'storage#object', name: 'media/two.txt', contentType: 'text/x-media' });
    expect((await bucket.file('media/two.txt').download())[0].toString()).toBe('media body');
  });

  it('works for a client configured with STORAGE_EMULATOR_HOST (paths without /storage/v1)', async () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = gcs.endpoint;
    let viaEnv: Storage;
    try {
      viaEnv = new Storage({ projectId: gcs.projectId });
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
    const file = viaEnv.bucket('objects-test').file('env/host.txt');
    await file.save('via env', { resumable: false });
    await file.save('via env, resumable');
    expect((await file.download())[0].toString()).toBe('via env, resumable');
    expect((await viaEnv.bucket('objects-test').getFiles({ prefix: 'env/' }))[0].map((f) => f.name)).toEqual(['env/host.txt']);
  });

  it('manages buckets: get, exists, duplicate create (409), delete only when empty (409)', async () => {
    const [created] = await storage.createBucket('bucket-admin');
    expect((await created.exists())[0]).toBe(true);
    expect((await created.getMetadata())[0]).toMatchObject({ name: 'bucket-admin', kind: 'storage#bucket' });
    expect(await gcsStatus(() => storage.createBucket('bucket-admin'))).toBe(409);
    await created.file('x').save('x', { resumable: false });
    expect(await gcsStatus(() => created.delete())).toBe(409);
    await created.file('x').delete();
    await created.delete();
    expect((await created.exists())[0]).toBe(false);
    expect(await gcsStatus(() => storage.createBucket('Invalid_Name!'))).toBe(400);
  });

  it('rejects invalid object names with 400', async () => {
    expect(await gcsStatus(() => bucket.file('line\nbreak').save('x', { resumable: false }))).toBe(400);
    expect(await gcsStatus(() => bucket.file('x'.repeat(1025)).save('x', { resumable: false }))).toBe(400);
  });
});
