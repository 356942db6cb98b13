/**
 * How the S3 driver reports real failures: wrong or missing credentials (s3rver checks
 * the access key id), a server that is down, one that answers 5xx or throttles, one that
 * drops the connection mid-body, and configuration it cannot work with. The misbehaving
 * servers are small HTTP servers started here, answering as S3 does (XML error bodies).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Bucket, isStorageError, type StorageErrorCode } from '@faasade/core/storage';
import { S3Driver, type S3DriverOptions } from '@faasade/aws/s3';
import { startS3rver, type S3rverHandle } from '../servers/s3rver.js';

let s3: S3rverHandle;
const open: Bucket[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  s3 = await startS3rver();
  await s3.createBucket('errors');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((bucket) => bucket.close()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});
afterAll(async () => { await s3?.stop(); });

function bucketWith(clientConfig: S3DriverOptions['clientConfig'], bucket = 'errors'): Bucket {
  const opened = new Bucket(new S3Driver({ bucket, clientConfig: { ...s3.clientConfig, maxAttempts: 2, ...clientConfig }, conditionalWrites: false }));
  open.push(opened);
  return opened;
}

async function codeOf(promise: Promise<unknown>): Promise<StorageErrorCode> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isStorageError(error)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error.code;
}

/** Starts an HTTP server that answers every request with `handler`; returns its endpoint. */
async function serveAs(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function s3ErrorBody(code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>1</RequestId></Error>`;
}

describe('credentials', () => {
  it('an unknown access key id gives PermissionDenied on every kind of call', async () => {
    const bucket = bucketWith({ credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'x' } });
    expect(await codeOf(bucket.put('k', 'v'))).toBe('PermissionDenied');
    expect(await codeOf(bucket.get('k'))).toBe('PermissionDenied');
    expect(await codeOf(bucket.head('k'))).toBe('PermissionDenied'); // a HEAD 403 has no body: classified by status
    expect(await codeOf(bucket.listPage())).toBe('PermissionDenied');
  });

  it('no credentials anywhere in the SDK chain gives PermissionDenied', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_CONFIG_FILE: '/nonexistent/config', AWS_EC2_METADATA_DISABLED: 'true',
    });
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']) delete process.env[name];
    try {
      const bucket = new Bucket(new S3Driver({ bucket: 'errors', clientConfig: { endpoint: s3.endpoint, region: s3.region, forcePathStyle: true } }));
      open.push(bucket);
      expect(await codeOf(bucket.get('k'))).toBe('PermissionDenied');
    } finally {
      process.env = saved;
    }
  });
});

describe('configuration', () => {
  it('no region anywhere gives InvalidArgument on the first call', async () => {
    const saved = { ...process.env };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    try {
      const bucket = new Bucket(new S3Driver({ bucket: 'errors', clientConfig: { endpoint: s3.endpoint, credentials: s3.credentials, forcePathStyle: true } }));
      open.push(bucket);
      expect(await codeOf(bucket.head('k'))).toBe('InvalidArgument');
    } finally {
      process.env = saved;
    }
  });
});

describe('servers that fail', () => {
  it('a server that is down gives Unavailable', async () => {
    const endpoint = await serveAs(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const bucket = bucketWith({ endpoint });
    expect(await codeOf(bucket.get('k'))).toBe('Unavailable');
    expect(await codeOf(bucket.put('k', 'v'))).toBe('Unavailable');
  });

  it.each([
    [503, 'ServiceUnavailable', 'Unavailable'],
    [500, 'InternalError', 'Unavailable'],
    [503, 'SlowDown', 'ResourceExhausted'],
    [502, undefined, 'Unavailable'],
  ] as const)('an answer %i %s gives %s', async (status, code, expected) => {
    const endpoint = await serveAs((req, res) => {
      req.resume();
      res.writeHead(status, { 'content-type': code ? 'application/xml' : 'text/html' });
      res.end(code ? s3ErrorBody(code) : '<html><body>Bad Gateway</body></html>');
    });
    const bucket = bucketWith({ endpoint });
    expect(await codeOf(bucket.get('k'))).toBe(expected);
    expect(await codeOf(bucket.put('k', 'v'))).toBe(expected);
    expect(await codeOf(bucket.listPage())).toBe(expected);
  });

  it('a connection dropped halfway through a body fails the read with Unavailable', async () => {
    const endpoint = await serveAs((req, res) => {
      res.writeHead(200, { 'content-length': '1000', 'content-type': 'text/plain', etag: '"abc"', 'last-modified': new Date().toUTCString() });
      res.write('x'.repeat(10), () => res.destroy());
    });
    const bucket = bucketWith({ endpoint });
    expect(await codeOf(bucket.getBytes('k'))).toBe('Unavailable');
  });

  it('a server that ignores Range and sends the whole object: the body is trimmed to the range', async () => {
    // HTTP lets a server ignore Range and send the whole object with 200; s3rver itself
    // widens `bytes=0-0` to everything. The caller must still get exactly its range.
    const endpoint = await serveAs((req, res) => {
      res.writeHead(200, { 'content-length': '10', 'content-type': 'text/plain', etag: '"abc"', 'last-modified': new Date().toUTCString() });
      res.end('0123456789');
    });
    const bucket = bucketWith({ endpoint });
    expect(await bucket.getText('k', { range: { offset: 3, length: 4 } })).toBe('3456');
    expect(await bucket.getText('k', { range: { offset: 8 } })).toBe('89');
    expect(await bucket.getText('k', { range: { offset: 12 } })).toBe('');
    expect((await bucket.get('k', { range: { offset: 3, length: 4 } })).info.size).toBe(10);
  });
});

describe('missing things', () => {
  it('a missing key and a missing bucket give NotFound with the key', async () => {
    const bucket = bucketWith({});
    const error = await bucket.get('missing/key').catch((e: unknown) => e);
    expect(isStorageError(error, 'NotFound') && error.key).toBe('missing/key');
    expect(await codeOf(bucketWith({}, 'no-such-bucket').put('k', 'v'))).toBe('NotFound');
  });

  it('a list cursor this driver did not return gives InvalidArgument', async () => {
    expect(await codeOf(bucketWith({}).listPage({ cursor: 'not-a-cursor' }))).toBe('InvalidArgument');
  });
});
