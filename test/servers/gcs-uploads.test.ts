import { Storage, type Bucket } from '@google-cloud/storage';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGcsServer, type GcsServerHandle } from './gcs.js';
import { gcsStatus } from './gcs-test-helpers.js';
import { digestStream, patternBytes, patternStream } from './test-data.js';

let gcs: GcsServerHandle;
let bucket: Bucket;
const MB = 1024 * 1024;

beforeAll(async () => {
  gcs = await startGcsServer();
  await gcs.createBucket('uploads-test');
  bucket = new Storage(gcs.storageOptions).bucket('uploads-test');
});
afterAll(async () => {
  await gcs?.stop();
});

/** Uploads `size` pattern bytes through createWriteStream and checks a full download. */
async function roundTrip(name: string, size: number, options: Parameters<ReturnType<Bucket['file']>['createWriteStream']>[0]): Promise<void> {
  const data = patternStream(size, size % 97);
  await pipeline(data.stream(), bucket.file(name).createWriteStream(options));
  // A full download is CRC32C-validated by the client against x-goog-hash as well.
  expect(await digestStream(bucket.file(name).createReadStream())).toEqual({ sha256: data.sha256, size });
  const [meta] = await bucket.file(name).getMetadata();
  expect(meta.size).toBe(String(size));
}

describe('GCS test server: uploads through @google-cloud/storage', () => {
  it('takes a 40 MB resumable upload in one streamed request (the client default)', async () => {
    await roundTrip('resumable-single.bin', 40 * MB, {});
  });

  it('takes a 40 MB resumable upload in 8 MiB chunks (Content-Range, 308 Range)', async () => {
    await roundTrip('resumable-chunked.bin', 40 * MB + 12345, { chunkSize: 8 * MB });
  });

  it('keeps only whole 256 KiB units of a chunk that is not a multiple, and the client resends the rest', async () => {
    await roundTrip('resumable-odd-chunks.bin', 3 * MB, { chunkSize: MB + 1000 });
  });

  it('takes a 40 MB multipart (resumable: false) upload streamed through', async () => {
    await roundTrip('multipart.bin', 40 * MB, { resumable: false });
  });

  it('stores empty objects through every upload type', async () => {
    for (const [name, options] of [['empty-resumable', {}], ['empty-multipart', { resumable: false }], ['empty-chunked', { chunkSize: MB }]] as const) {
      await bucket.file(name).save(Buffer.alloc(0), options);
      const [meta] = await bucket.file(name).getMetadata();
      expect(meta).toMatchObject({ size: '0', crc32c: 'AAAAAA==', md5Hash: '1B2M2Y8AsgTpgAmY7PhCfg==' });
      expect((await bucket.file(name).download())[0]).toHaveLength(0);
    }
  });

  it('rejects an upload whose bytes do not match the checksum the client declares (400)', async () => {
    const file = bucket.file('bad-checksum.txt');
    expect(await gcsStatus(() => file.save('data', { resumable: false, metadata: { crc32c: 'AAAAAA==' } }))).toBe(400);
    expect(await gcsStatus(() => file.save('data', { resumable: false, metadata: { md5Hash: '1B2M2Y8AsgTpgAmY7PhCfg==' /* MD5 of nothing */ } }))).toBe(400);
    expect((await file.exists())[0]).toBe(false);
  });
});

describe('GCS test server: upload preconditions', () => {
  it('ifGenerationMatch: 0 creates only if absent, for multipart and resumable uploads', async () => {
    const file = bucket.file('create-only.txt');
    await file.save('first', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
    expect(await gcsStatus(() => file.save('second', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }))).toBe(412);
    expect(await gcsStatus(() => file.save('second', { preconditionOpts: { ifGenerationMatch: 0 } }))).toBe(412);
    expect((await file.download())[0].toString()).toBe('first');
  });

  it('ifGenerationMatch: <generation> replaces only that generation', async () => {
    const file = bucket.file('compare-and-swap.txt');
    await file.save('v1', { resumable: false });
    const [{ generation }] = await file.getMetadata();
    await file.save('v2', { preconditionOpts: { ifGenerationMatch: Number(generation) } });
    expect(await gcsStatus(() => file.save('v3', { resumable: false, preconditionOpts: { ifGenerationMatch: Number(generation) } }))).toBe(412);
    expect((await file.download())[0].toString()).toBe('v2');
  });

  it('lets exactly one of several concurrent create-only writers win', async () => {
    const file = bucket.file('race.txt');
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => file.save(`writer ${i} `.repeat(10_000), { resumable: i % 2 === 0, preconditionOpts: { ifGenerationMatch: 0 } })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [data] = await file.download();
    expect(data.toString()).toMatch(/^(writer \d ){10000}$/);
  });

  it('checks the precondition again when a resumable upload completes', async () => {
    const file = bucket.file('late-conflict.txt');
    const [uri] = await file.createResumableUpload({ preconditionOpts: { ifGenerationMatch: 0 } });
    await file.save('someone else', { resumable: false });
    const res = await fetch(uri, { method: 'PUT', body: 'mine', headers: { 'content-range': 'bytes 0-3/4' } });
    expect(res.status).toBe(412);
    expect((await file.download())[0].toString()).toBe('someone else');
  });
});

describe('GCS test server: resumable protocol on the wire', () => {
  it('reports stored bytes in 256 KiB units, resumes after them, and answers status queries', async () => {
    const data = patternBytes(700 * 1024, 5);
    const [uri] = await bucket.file('wire.bin').createResumableUpload({ metadata: { contentType: 'application/x-test' } });
    const first = await fetch(uri, { method: 'PUT', body: data.subarray(0, 300 * 1024), headers: { 'content-range': `bytes 0-${300 * 1024 - 1}/*` } });
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${256 * 1024 - 1}`);
    const status = await fetch(uri, { method: 'PUT', headers: { 'content-range': 'bytes */*' } });
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe(`bytes=0-${256 * 1024 - 1}`);
    // Overlapping bytes are accepted and skipped.
    const last = await fetch(uri, { method: 'PUT', body: data.subarray(200 * 1024), headers: { 'content-range': `bytes ${200 * 1024}-${data.length - 1}/${data.length}` } });
    expect(last.status).toBe(200);
    expect(await last.json()).toMatchObject({ name: 'wire.bin', size: String(data.length), contentType: 'application/x-test' });
    expect((await bucket.file('wire.bin').download())[0].equals(data)).toBe(true);
    const again = await fetch(uri, { method: 'PUT', headers: { 'content-range': 'bytes */*' } });
    expect(again.status).toBe(200);
  });

  it('cancels sessions with DELETE (499) and forgets unknown ones (404)', async () => {
    const [uri] = await bucket.file('cancelled.bin').createResumableUpload();
    expect((await fetch(uri, { method: 'DELETE' })).status).toBe(499);
    expect((await fetch(uri, { method: 'PUT', body: 'x' })).status).toBe(404);
    expect((await bucket.file('cancelled.bin').exists())[0]).toBe(false);
  });

  it('keeps nothing of an upload whose client disconnects', async () => {
    const [uri] = await bucket.file('aborted.bin').createResumableUpload();
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(c) { c.enqueue(new Uint8Array(512 * 1024)); setTimeout(() => controller.abort(), 200); },
    });
    await expect(fetch(uri, { method: 'PUT', body, signal: controller.signal, duplex: 'half', headers: { 'content-range': 'bytes 0-*/*' } } as RequestInit)).rejects.toThrow();
    expect((await bucket.file('aborted.bin').exists())[0]).toBe(false);
    const status = await fetch(uri, { method: 'PUT', headers: { 'content-range': 'bytes */*' } });
    expect(status.status).toBe(308);
    expect([null, `bytes=0-${512 * 1024 - 1}`, `bytes=0-${256 * 1024 - 1}`]).toContain(status.headers.get('range'));
  });
});
