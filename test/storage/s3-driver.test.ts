/**
 * What the S3 driver does beyond the shared contract, against s3rver 3.7.1: multipart
 * uploads and their abort, streamed and self copies, the precondition headers it sends
 * (s3rver ignores them, so only their presence is checked here; AWS S3 enforces them),
 * presigned URLs without checksum parameters, URL binding and the injected client.
 * Requests are observed with a middleware on a real S3Client.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bucket, isStorageError, openBucket, registerStorageScheme } from '@faasade/core/storage';
import { failingNodeStream, patternNodeStream, patternSha256, streamSha256 } from '@faasade/contract';
import { S3Driver, storageScheme, type S3DriverOptions } from '@faasade/aws/s3';
import { startS3rver, type S3rverHandle } from '../servers/s3rver.js';

const MiB = 1024 * 1024;
const NAME = 'driver';
let s3: S3rverHandle;

beforeAll(async () => {
  s3 = await startS3rver();
  await s3.createBucket(NAME);
});
afterAll(async () => { await s3?.stop(); });

interface Sent { command: string; headers: Record<string, string> }

/** A real client that records each request it sends (command name and final headers). */
function recordingBucket(options: Partial<S3DriverOptions> = {}, onSend?: (sent: Sent) => void) {
  const client = new S3Client(s3.clientConfig);
  const sent: Sent[] = [];
  client.middlewareStack.add((next, context) => async (args) => {
    const entry = { command: context.commandName ?? '', headers: { ...(args.request as { headers: Record<string, string> }).headers } };
    sent.push(entry);
    onSend?.(entry);
    return next(args);
  }, { step: 'finalizeRequest', name: 'recordRequests' });
  const bucket = new Bucket(new S3Driver({ bucket: NAME, client, conditionalWrites: false, partSize: 5 * MiB, ...options }));
  const commands = () => sent.map((entry) => entry.command);
  return { bucket, client, sent, commands, close: async () => { await bucket.close(); client.destroy(); } };
}

describe('multipart uploads', () => {
  it('streams a body larger than one part in parts and reads it back byte for byte', async () => {
    const size = 12 * MiB + 5;
    const { bucket, commands, close } = recordingBucket();
    await bucket.put('multi/big.bin', patternNodeStream(7, size), { contentType: 'application/x-big', metadata: { parts: 'three' } });
    expect(commands().filter((name) => name === 'UploadPartCommand')).toHaveLength(3);
    expect(commands()).toContain('CompleteMultipartUploadCommand');
    const { info, body } = await bucket.get('multi/big.bin');
    expect(info).toMatchObject({ size, contentType: 'application/x-big', metadata: { parts: 'three' } });
    expect(await streamSha256(body)).toEqual({ sha256: patternSha256(7, size), size });
    await close();
  });

  it('a body failing after two parts: Canceled, no object, and the multipart upload is aborted', async () => {
    const { bucket, commands, close } = recordingBucket();
    const error = await bucket.put('multi/failed.bin', failingNodeStream(3, 11 * MiB)).catch((e: unknown) => e);
    expect(isStorageError(error, 'Canceled')).toBe(true);
    expect(await bucket.exists('multi/failed.bin')).toBe(false);
    // s3rver answers AbortMultipartUpload with 405 (not implemented), so its parts stay on its disk; S3 drops them.
    expect(commands()).toContain('AbortMultipartUploadCommand');
    expect(commands()).not.toContain('CompleteMultipartUploadCommand');
    await close();
  });

  it('an abort signal mid-upload: Canceled once the upload is aborted, nothing written', async () => {
    const controller = new AbortController();
    const { bucket, commands, close } = recordingBucket({}, (sent) => {
      if (sent.command === 'UploadPartCommand') controller.abort(new Error('caller gave up'));
    });
    const error = await bucket.put('multi/aborted.bin', patternNodeStream(4, 40 * MiB), { signal: controller.signal }).catch((e: unknown) => e);
    expect(isStorageError(error, 'Canceled')).toBe(true);
    expect(commands()).toContain('AbortMultipartUploadCommand');
    expect(commands()).not.toContain('CompleteMultipartUploadCommand');
    expect(await bucket.exists('multi/aborted.bin')).toBe(false);
    await close();
  });
});

describe('copies', () => {
  it('copies an object onto itself, keeping its bytes, type and metadata', async () => {
    const { bucket, close } = recordingBucket();
    await bucket.put('copy/self.txt', 'same', { contentType: 'text/x-self', cacheControl: 'no-store', metadata: { kept: 'yes' } });
    await bucket.copy('copy/self.txt', 'copy/self.txt');
    expect(await bucket.getText('copy/self.txt')).toBe('same');
    expect(await bucket.head('copy/self.txt')).toMatchObject({ contentType: 'text/x-self', cacheControl: 'no-store', metadata: { kept: 'yes' } });
    await close();
  });

  it('copies a source over the server-side limit by streaming it, with its attributes', async () => {
    const size = 6 * MiB + 1;
    const { bucket, commands, close } = recordingBucket({ serverSideCopyLimit: 1 * MiB });
    await bucket.put('copy/large src.bin', patternNodeStream(5, size), { contentType: 'application/x-src', cacheControl: 'max-age=9', metadata: { origin: 'src' } });
    const before = commands().length;
    const { etag } = await bucket.copy('copy/large dst.bin', 'copy/large src.bin');
    expect(commands().slice(before)).not.toContain('CopyObjectCommand');
    expect(commands().slice(before)).toContain('UploadPartCommand');
    const { info, body } = await bucket.get('copy/large dst.bin');
    expect(info).toMatchObject({ size, etag, contentType: 'application/x-src', cacheControl: 'max-age=9', metadata: { origin: 'src' } });
    expect(await streamSha256(body)).toEqual({ sha256: patternSha256(5, size), size });
    await close();
  });

  it('names copy sources with spaces, percent signs and non-ASCII characters correctly', async () => {
    const { bucket, close } = recordingBucket();
    const source = 'copy/ü 100%/a,b;c:d@e&f=g$h';
    await bucket.put(source, 'odd source');
    await bucket.copy('copy/odd-dst', source);
    expect(await bucket.getText('copy/odd-dst')).toBe('odd source');
    await close();
  });
});

describe('preconditions on the wire', () => {
  // s3rver ignores these headers, so their effect cannot be observed here; that they are sent
  // where S3 evaluates them (PutObject, CompleteMultipartUpload, CopyObject) can.
  it('sends If-None-Match: * and If-Match where S3 checks them', async () => {
    const { bucket, sent, close } = recordingBucket({ conditionalWrites: true });
    const header = (command: string, name: string) => sent.filter((entry) => entry.command === command).map((entry) => entry.headers[name]);
    const { etag } = await bucket.put('cond/small', 'x', { ifNotExists: true });
    await bucket.put('cond/small', 'y', { ifMatch: etag });
    expect(header('PutObjectCommand', 'if-none-match')).toEqual(['*', undefined]);
    expect(header('PutObjectCommand', 'if-match')).toEqual([undefined, etag]);
    await bucket.put('cond/big', patternNodeStream(1, 6 * MiB), { ifNotExists: true });
    expect(header('CompleteMultipartUploadCommand', 'if-none-match')).toEqual(['*']);
    await bucket.copy('cond/copied', 'cond/small', { ifNotExists: true });
    expect(header('CopyObjectCommand', 'if-none-match')).toEqual(['*']);
    await close();
  });
});

describe('signed URLs', () => {
  it('a PUT URL carries no body checksum even with the SDK default checksum mode, and signs the content type', async () => {
    const client = new S3Client({ ...s3.clientConfig, requestChecksumCalculation: 'WHEN_SUPPORTED', responseChecksumValidation: 'WHEN_SUPPORTED' });
    const bucket = new Bucket(new S3Driver({ bucket: NAME, client }));
    const url = new URL(await bucket.signedUrl('signed/upload.txt', { method: 'PUT', contentType: 'text/x-upload', expiresIn: 60 }));
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    const response = await fetch(url, { method: 'PUT', body: 'uploaded by URL', headers: { 'content-type': 'text/x-upload' } });
    expect(response.status).toBe(200);
    expect(await bucket.getText('signed/upload.txt')).toBe('uploaded by URL');
    expect((await bucket.head('signed/upload.txt')).contentType).toBe('text/x-upload');
    const get = new URL(await bucket.signedUrl('signed/upload.txt', { expiresIn: 60 }));
    expect([...get.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(await (await fetch(get)).text()).toBe('uploaded by URL');
    await bucket.close();
    client.destroy();
  });
});

describe('binding and the native client', () => {
  it('opens by s3:// URL with credentials from the environment, and gives its S3Client', async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey });
    registerStorageScheme(storageScheme);
    const url = `s3://${NAME}?region=${s3.region}&endpoint=${encodeURIComponent(s3.endpoint)}&forcePathStyle=true&checksums=when_required&conditionalWrites=false&prefix=bound/`;
    const bucket = openBucket(url);
    await bucket.put('by-url.txt', 'bound');
    const native = await bucket.native();
    expect(native.scheme).toBe('s3');
    expect(native.client).toBeInstanceOf(S3Client);
    const listed = await (native.client as S3Client).send(new ListObjectsV2Command({ Bucket: NAME, Prefix: 'bound/' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['bound/by-url.txt']);
    expect(await bucket.capabilities()).toMatchObject({ ifNotExists: false, ifMatch: false });
    await bucket.close();
  });

  it('leaves an injected client open when the bucket closes', async () => {
    const { bucket, client } = recordingBucket();
    await bucket.put('owned/k', 'v');
    await bucket.close();
    const listed = await client.send(new ListObjectsV2Command({ Bucket: NAME, Prefix: 'owned/' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['owned/k']);
    client.destroy();
  });

  it('reads the first byte alone, although s3rver widens bytes=0-0 to the whole object', async () => {
    const { bucket, close } = recordingBucket();
    await bucket.put('range/first', '0123456789');
    expect(await bucket.getText('range/first', { range: { offset: 0, length: 1 } })).toBe('0');
    await close();
  });
});
