import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type S3rverHandle } from './s3rver.js';
import { digestStream, patternStream } from './test-data.js';

let s3: S3rverHandle;
let client: S3Client;
const bucket = 'servers-test';

beforeAll(async () => {
  s3 = await startS3rver();
  client = new S3Client(s3.clientConfig);
  await s3.createBucket(bucket);
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

/** Runs `send` and returns the S3 error it fails with (name and HTTP status). */
async function s3Error(send: () => Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await send();
  } catch (err) {
    if (err instanceof S3ServiceException) return { name: err.name, status: err.$metadata.httpStatusCode };
    throw err;
  }
  throw new Error('expected the request to fail');
}

/** Lists every page of `prefix` and returns each page's keys and common prefixes. */
async function listPages(prefix: string, delimiter: string | undefined, maxKeys: number): Promise<{ keys: string[]; prefixes: string[] }[]> {
  const pages: { keys: string[]; prefixes: string[] }[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({
      Bucket: bucket, Prefix: prefix, Delimiter: delimiter, MaxKeys: maxKeys, ContinuationToken: token,
    }));
    pages.push({ keys: (page.Contents ?? []).map((o) => o.Key!), prefixes: (page.CommonPrefixes ?? []).map((p) => p.Prefix!) });
    token = page.NextContinuationToken;
  } while (token && pages.length < 100);
  return pages;
}

async function getText(key: string, range?: string): Promise<string> {
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return res.Body!.transformToString();
}

describe('s3rver through @aws-sdk/client-s3', () => {
  it('round-trips bytes, content type, cache control and user metadata', async () => {
    await client.send(new PutObjectCommand({
      Bucket: bucket, Key: 'dir/hello world ü.txt', Body: 'hello', ContentType: 'text/plain',
      CacheControl: 'max-age=60', Metadata: { owner: 'ana' },
    }));
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/hello world ü.txt' }));
    expect(await res.Body!.transformToString()).toBe('hello');
    expect(res.ContentType).toBe('text/plain');
    expect(res.CacheControl).toBe('max-age=60');
    expect(res.Metadata).toEqual({ owner: 'ana' });
    expect(res.ETag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('streams a 40 MB object up as a multipart upload and back down intact', async () => {
    const data = patternStream(40 * 1024 * 1024, 7);
    const upload = new Upload({ client, params: { Bucket: bucket, Key: 'big.bin', Body: data.stream() }, partSize: 8 * 1024 * 1024 });
    const parts = new Set<number>();
    upload.on('httpUploadProgress', (progress) => { if (progress.part) parts.add(progress.part); });
    await upload.done();
    expect(parts.size).toBe(5);
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    expect(await digestStream(res.Body as Readable)).toEqual({ sha256: data.sha256, size: 40 * 1024 * 1024 });
  });

  it('serves byte ranges', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'range.txt', Body: '0123456789' }));
    expect(await getText('range.txt', 'bytes=2-5')).toBe('2345');
    expect(await getText('range.txt', 'bytes=7-')).toBe('789');
    expect(await getText('range.txt', 'bytes=8-100')).toBe('89');
    expect(await s3Error(() => getText('range.txt', 'bytes=20-30'))).toEqual({ name: 'InvalidRange', status: 416 });
  });

  it('lists in key order and paginates with continuation tokens', async () => {
    const keys = ['list/a.txt', 'list/b/1.txt', 'list/b/2.txt', 'list/c.txt', 'list/d/1.txt', 'list/e.txt'];
    for (const key of keys) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const pages = await listPages('list/', undefined, 2);
    expect(pages.map((p) => p.keys)).toEqual([keys.slice(0, 2), keys.slice(2, 4), keys.slice(4, 6)]);
  });

  it('groups keys under common prefixes with a delimiter', async () => {
    const pages = await listPages('list/', '/', 1000);
    expect(pages).toEqual([{ keys: ['list/a.txt', 'list/c.txt', 'list/e.txt'], prefixes: ['list/b/', 'list/d/'] }]);
  });

  it('copies objects with their metadata', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'src.txt', Body: 'copy me', ContentType: 'text/x-src', Metadata: { a: '1' } }));
    await client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'dst.txt', CopySource: `${bucket}/src.txt` }));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dst.txt' }));
    expect(head.ContentType).toBe('text/x-src');
    expect(head.Metadata).toEqual({ a: '1' });
    expect(await getText('dst.txt')).toBe('copy me');
  });

  it('reports missing keys and buckets with S3 error codes', async () => {
    expect(await s3Error(() => getText('nope'))).toEqual({ name: 'NoSuchKey', status: 404 });
    expect(await s3Error(() => client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'nope' })))).toEqual({ name: 'NotFound', status: 404 });
    expect(await s3Error(() => client.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })))).toEqual({ name: 'NoSuchBucket', status: 404 });
    expect(await s3Error(() => client.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x' })))).toEqual({ name: 'NoSuchBucket', status: 404 });
    // Deleting a missing key succeeds, as on S3.
    await expect(client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'nope' }))).resolves.toBeDefined();
  });

  it('honours If-None-Match on GET (304) but not If-Match', async () => {
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond-get.txt', Body: 'v1' }));
    expect(await s3Error(() => client.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond-get.txt', IfNoneMatch: put.ETag }))))
      .toMatchObject({ status: 304 });
    // S3 would answer 412 PreconditionFailed; s3rver ignores If-Match and serves the object.
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond-get.txt', IfMatch: '"0000"' }));
    expect(await res.Body!.transformToString()).toBe('v1');
  });

  it('stop() ends the child process and frees the port', async () => {
    const t0 = performance.now();
    const other = await startS3rver();
    console.info(`s3rver start-up: ${(performance.now() - t0).toFixed(0)} ms`);
    await other.stop();
    expect(() => process.kill(other.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    await expect(fetch(other.endpoint)).rejects.toThrow();
  });
});

describe('what s3rver ignores (the suite gates on these)', () => {
  it('ignores conditional PUTs: If-None-Match: * and a wrong If-Match both overwrite', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond-put.txt', Body: 'first' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond-put.txt', Body: 'second', IfNoneMatch: '*' }));
    expect(await getText('cond-put.txt')).toBe('second');
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond-put.txt', Body: 'third', IfMatch: '"00000000000000000000000000000000"' }));
    expect(await getText('cond-put.txt')).toBe('third');
  });

  it('ignores copy-source conditions', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond-src.txt', Body: 'x' }));
    await client.send(new CopyObjectCommand({
      Bucket: bucket, Key: 'cond-dst.txt', CopySource: `${bucket}/cond-src.txt`, CopySourceIfMatch: '"0000"',
    }));
    expect(await getText('cond-dst.txt')).toBe('x');
  });

  it('does not verify SigV4 signatures (any secret works) but rejects unknown access key ids', async () => {
    const wrongSecret = new S3Client({ ...s3.clientConfig, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'wrong' } });
    await wrongSecret.send(new PutObjectCommand({ Bucket: bucket, Key: 'sig.txt', Body: 'signed wrongly' }));
    wrongSecret.destroy();
    expect(await getText('sig.txt')).toBe('signed wrongly');
    const unknownKey = new S3Client({ ...s3.clientConfig, credentials: { accessKeyId: 'SOMEONE', secretAccessKey: 'S3RVER' } });
    expect(await s3Error(() => unknownKey.send(new GetObjectCommand({ Bucket: bucket, Key: 'sig.txt' }))))
      .toEqual({ name: 'InvalidAccessKeyId', status: 403 });
    unknownKey.destroy();
    // Unsigned requests are served too.
    expect(await (await fetch(`${s3.endpoint}/${bucket}/sig.txt`)).text()).toBe('signed wrongly');
  });

  it('honours presigned URL expiry but not the signature', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'presigned.txt', Body: 'p' }));
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'presigned.txt' }), { expiresIn: 60 });
    expect(await (await fetch(url)).text()).toBe('p');
    const put = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: 'presigned-put.txt' }), { expiresIn: 60 });
    expect((await fetch(put, { method: 'PUT', body: 'uploaded' })).status).toBe(200);
    expect(await getText('presigned-put.txt')).toBe('uploaded');
    const tampered = url.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'0'.repeat(64)}`);
    expect((await fetch(tampered)).status).toBe(200);
    const expired = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'presigned.txt' }), {
      expiresIn: 1, signingDate: new Date(Date.now() - 10_000),
    });
    expect((await fetch(expired)).status).toBe(403);
  });

  it('misreads some ranges: bytes=0-0 returns the whole object and suffix ranges count from the start', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'range-quirk.txt', Body: '0123456789' }));
    expect(await getText('range-quirk.txt', 'bytes=0-0')).toBe('0123456789'); // S3: '0'
    expect(await getText('range-quirk.txt', 'bytes=-3')).toBe('0123'); // S3: '789'
  });

  it('stores aws-chunked bodies verbatim, which is why clients need requestChecksumCalculation WHEN_REQUIRED', async () => {
    const defaults = new S3Client({ ...s3.clientConfig, requestChecksumCalculation: 'WHEN_SUPPORTED' });
    await defaults.send(new PutObjectCommand({
      Bucket: bucket, Key: 'chunked.txt', Body: Readable.from([Buffer.from('hello')]), ContentLength: 5,
    }));
    defaults.destroy();
    const stored = await getText('chunked.txt');
    expect(stored).not.toBe('hello');
    expect(stored).toContain('x-amz-checksum-crc32');
  });

  it('counts only keys against MaxKeys when a delimiter is given, and repeats prefixes across pages', async () => {
    // S3 counts keys and prefixes together and never repeats a prefix (list/ was filled above).
    const pages = await listPages('list/', '/', 2);
    expect(pages).toEqual([
      { keys: ['list/a.txt', 'list/c.txt'], prefixes: ['list/b/', 'list/d/'] },
      { keys: ['list/e.txt'], prefixes: ['list/d/'] },
    ]);
  });

  it('gives a multipart object the MD5 of its whole content as ETag (S3: MD5 of the part MD5s, "-N")', async () => {
    const upload = new Upload({ client, params: { Bucket: bucket, Key: 'parts.bin', Body: Buffer.alloc(11 * 1024 * 1024, 1) }, partSize: 5 * 1024 * 1024 });
    await upload.done();
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'parts.bin' }));
    expect(head.ETag).toBe(`"${createHash('md5').update(Buffer.alloc(11 * 1024 * 1024, 1)).digest('hex')}"`);
  });

  it('does not validate Content-MD5', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5.txt', Body: 'abc', ContentMD5: Buffer.alloc(16).toString('base64') }));
    expect(await getText('md5.txt')).toBe('abc');
  });
});

describe('bucket management', () => {
  it('creates buckets through the SDK too and rejects duplicates', async () => {
    await client.send(new CreateBucketCommand({ Bucket: 'sdk-made' }));
    expect(await s3Error(() => client.send(new CreateBucketCommand({ Bucket: 'sdk-made' })))).toMatchObject({ status: 409 });
  });
});
