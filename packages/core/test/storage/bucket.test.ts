import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  Bucket, MemoryDriver, StorageError, isStorageError,
  type DriverPutBody, type DriverPutOptions, type StorageDriver, type StorageErrorCode,
} from '@faasade/core/storage';
import { expectCode } from './helpers.js';

/** A memory driver whose calls can be made to fail the way a cloud driver's would. */
class ScriptedDriver extends MemoryDriver {
  failWith: unknown = undefined;
  classify: (error: unknown) => StorageErrorCode = () => 'Unavailable';
  seenPuts: DriverPutOptions[] = [];
  override async put(key: string, body: DriverPutBody, opts: DriverPutOptions) {
    this.seenPuts.push(opts);
    if (this.failWith !== undefined) throw this.failWith;
    return super.put(key, body, opts);
  }
  override async head(key: string) {
    if (this.failWith !== undefined) throw this.failWith;
    return super.head(key);
  }
  override errorCode(error: unknown): StorageErrorCode {
    return error instanceof StorageError ? error.code : this.classify(error);
  }
}

async function caught(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isStorageError(error)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error;
}

describe('Bucket: the portable layer', () => {
  it('wraps a native driver error once, with the code the driver maps it to, the key and the cause', async () => {
    const driver = new ScriptedDriver();
    const native = Object.assign(new Error('503 Slow Down'), { $metadata: { httpStatusCode: 503 } });
    driver.failWith = native;
    const error = await caught(new Bucket(driver, { label: 's3://photos' }).head('a/b.jpg'));
    expect(error).toMatchObject({ code: 'Unavailable', key: 'a/b.jpg', bucket: 's3://photos', operation: 'head' });
    expect(error.cause).toBe(native);
  });

  it('keeps the code of a StorageError the driver throws, and falls back to Unknown when its classifier throws', async () => {
    const driver = new ScriptedDriver();
    driver.failWith = new StorageError('PermissionDenied', 'bad credentials');
    expect((await caught(new Bucket(driver).head('k'))).code).toBe('PermissionDenied');
    driver.failWith = new Error('odd');
    driver.classify = () => { throw new Error('classifier bug'); };
    expect((await caught(new Bucket(driver).head('k'))).code).toBe('Unknown');
  });

  it('reports one code per precondition whatever the service says', async () => {
    const driver = new ScriptedDriver();
    const bucket = new Bucket(driver);
    driver.failWith = new StorageError('PreconditionFailed', 'HTTP 412');
    expect((await caught(bucket.put('k', 'x', { ifNotExists: true }))).code).toBe('AlreadyExists');
    driver.failWith = new StorageError('NotFound', 'HTTP 404');
    expect((await caught(bucket.put('k', 'x', { ifMatch: '"v1"' }))).code).toBe('PreconditionFailed');
    driver.failWith = new StorageError('AlreadyExists', 'HTTP 409');
    expect((await caught(bucket.put('k', 'x', { ifMatch: '"v1"' }))).code).toBe('PreconditionFailed');
    driver.failWith = new StorageError('NotFound', 'no bucket');
    expect((await caught(bucket.put('k', 'x'))).code).toBe('NotFound');
  });

  it('hands the driver validated options with defaults, never undefined', async () => {
    const driver = new ScriptedDriver();
    const bucket = new Bucket(driver);
    await bucket.put('a', 'text');
    await bucket.put('b', new Uint8Array([1]), { metadata: { Camel_Case: 'v' }, cacheControl: 'no-store' });
    expect(driver.seenPuts[0]).toEqual({ contentType: 'text/plain; charset=utf-8', metadata: {}, ifNotExists: false });
    expect(driver.seenPuts[1]).toEqual({ contentType: 'application/octet-stream', metadata: { camel_case: 'v' }, ifNotExists: false, cacheControl: 'no-store' });
  });

  it('refuses what the driver does not support with Unimplemented, before calling it', async () => {
    const driver = new ScriptedDriver();
    Object.assign(driver, { capabilities: { ...driver.capabilities, ifNotExists: false, ifMatch: false } });
    const bucket = new Bucket(driver);
    await expectCode(bucket.put('k', 'x', { ifNotExists: true }), 'Unimplemented');
    await expectCode(bucket.put('k', 'x', { ifMatch: '"e"' }), 'Unimplemented');
    await expectCode(bucket.copy('k2', 'k', { ifNotExists: true }), 'Unimplemented');
    await expectCode(bucket.signedUrl('k'), 'Unimplemented');
    expect(driver.seenPuts).toEqual([]);
  });

  it('validates keys before the driver is even loaded', async () => {
    let loads = 0;
    const bucket = new Bucket(async () => { loads++; return new MemoryDriver(); });
    await expectCode(bucket.put('', 'x'), 'InvalidArgument');
    await expectCode(bucket.get('a\u0000b'), 'InvalidArgument');
    expect(loads).toBe(0);
    await bucket.put('ok', 'x');
    await bucket.getText('ok');
    expect(loads).toBe(1);
  });

  it('retries a driver that failed to load on the next call', async () => {
    let attempt = 0;
    const bucket = new Bucket(async () => {
      if (attempt++ === 0) throw new StorageError('Unimplemented', 'package missing');
      return new MemoryDriver();
    });
    await expectCode(bucket.put('k', 'x'), 'Unimplemented');
    await bucket.put('k', 'x');
    expect(await bucket.getText('k')).toBe('x');
  });

  it('maps an error raised while reading a body to a StorageError with the key', async () => {
    const failing: StorageDriver = Object.assign(new MemoryDriver(), {
      get: async () => ({
        info: { key: 'k', size: 10, etag: '"e"', contentType: 'text/plain', metadata: {}, lastModified: new Date() },
        body: Readable.from((async function* () { yield Buffer.from('01234'); throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }); })()),
      }),
      errorCode: () => 'Unavailable' as const,
    });
    // Without retries, so the break reaches the reader (with them, the rest is asked for: retry-bucket.test.ts).
    const { body } = await new Bucket(failing, { retry: false }).get('k');
    const reader = body.getReader();
    expect(Buffer.from((await reader.read()).value!).toString()).toBe('01234');
    const error = await caught(reader.read());
    expect(error).toMatchObject({ code: 'Unavailable', key: 'k', operation: 'get' });
  });

  it('reports a call cancelled by its signal as Canceled', async () => {
    const controller = new AbortController();
    const slow: StorageDriver = Object.assign(new MemoryDriver(), {
      // Like an SDK request: it stays pending until the signal it was given fires.
      head: (_key: string, opts: { signal?: AbortSignal }) => new Promise((_, reject) => {
        opts.signal?.addEventListener('abort', () => reject(new Error('request aborted')));
      }),
      errorCode: () => 'Unknown' as const,
    });
    const bucket = new Bucket(slow);
    const pending = bucket.head('k', { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expectCode(pending, 'Canceled');
  });

  it('keeps keys under its prefix and strips it from listings', async () => {
    const driver = new MemoryDriver();
    const tenant = new Bucket(driver, { prefix: 'tenant-a/' });
    await tenant.put('x/1', 'a');
    await new Bucket(driver, { prefix: 'tenant-b/' }).put('x/2', 'b');
    const keys: string[] = [];
    for await (const entry of tenant.list({ delimiter: '/' })) keys.push(`${entry.type}:${entry.key}`);
    expect(keys).toEqual(['prefix:x/']);
    expect(await new Bucket(driver).exists('tenant-a/x/1')).toBe(true);
    await expectCode(tenant.put('k'.repeat(1020), 'x'), 'InvalidArgument');
  });

  it('rejects a JSON object that is not JSON with a StorageError', async () => {
    const bucket = new Bucket(new MemoryDriver());
    await bucket.put('bad.json', '{ not json');
    await expectCode(bucket.getJson('bad.json'), 'Unknown');
  });

  it('gives a signed request with the headers the driver needs plus the content type', async () => {
    const signing: StorageDriver = Object.assign(new MemoryDriver(), {
      capabilities: { ifNotExists: true, ifMatch: true, signedGetUrl: true, signedPutUrl: true },
      signedUrl: async () => ({ url: 'https://blob.example/c/k?sig=abc', headers: { 'x-ms-blob-type': 'BlockBlob' } }),
    });
    const bucket = new Bucket(signing);
    expect(await bucket.signedRequest('k', { method: 'PUT', contentType: 'image/png' })).toEqual({
      url: 'https://blob.example/c/k?sig=abc', method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'image/png' },
    });
    expect(await bucket.signedUrl('k', { method: 'PUT' })).toBe('https://blob.example/c/k?sig=abc');
  });
});
