/**
 * Retries as a function sees them through `Bucket`, over a memory driver with scripted
 * failures (flaky-driver.ts): which calls are sent again, which are not, what an
 * ambiguous conflict looks like, and how `idempotent()` resolves one by its owner token.
 * Backoffs are 1 ms so nothing here waits; no assertion is about time.
 */
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { Bucket, idempotent, isStorageError, openBucket, type BucketOptions } from '@faasade/core/storage';
import { FlakyDriver } from './flaky-driver.js';

const fast = { baseDelayMs: 1, maxDelayMs: 1 };
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

function flakyBucket(retry: BucketOptions['retry'] = fast) {
  const driver = new FlakyDriver();
  return { driver, bucket: new Bucket(driver, { retry }) };
}

describe('Bucket retries transient failures', () => {
  it('retries head, list, delete and copy after connection resets and throttling', async () => {
    const { driver, bucket } = flakyBucket();
    await bucket.put('a', 'alpha');
    driver.faults.head = ['reset-before', 'throttled'];
    driver.faults.list = ['throttled'];
    driver.faults.copy = ['reset-after'];
    driver.faults.delete = ['reset-after'];
    expect((await bucket.head('a')).size).toBe(5);
    expect((await bucket.listPage()).entries.map((entry) => entry.key)).toEqual(['a']);
    await bucket.copy('b', 'a');
    await bucket.delete('a');
    expect(driver.calls).toMatchObject({ head: 3, list: 2, copy: 2, delete: 2 });
    expect(await bucket.exists('a')).toBe(false);
    expect(await bucket.getText('b')).toBe('alpha');
  });

  it('sends a put of bytes or text again, with the same body', async () => {
    const { driver, bucket } = flakyBucket();
    driver.faults.put = ['reset-before', 'reset-after'];
    await bucket.put('note', 'héllo');
    expect(await bucket.getText('note')).toBe('héllo');
    expect(driver.calls.put).toBe(3);
  });

  it('never sends a put of a stream twice: the first failure surfaces with its code', async () => {
    const { driver, bucket } = flakyBucket();
    driver.faults.put = ['reset-before'];
    const error = await caught(bucket.put('streamed', Readable.from([Buffer.from('once')])));
    expect(isStorageError(error, 'Unavailable')).toBe(true);
    expect(driver.calls.put).toBe(1);
  });

  it('gives up after maxAttempts with the last transient code', async () => {
    const { driver, bucket } = flakyBucket({ ...fast, maxAttempts: 3 });
    driver.faults.head = ['reset-before', 'reset-before', 'throttled', 'reset-before'];
    const error = await caught(bucket.head('missing'));
    expect(isStorageError(error, 'ResourceExhausted')).toBe(true);
    expect(driver.calls.head).toBe(3);
  });

  it('does not retry with retry: false, nor a code another attempt cannot change', async () => {
    const off = flakyBucket(false);
    off.driver.faults.head = ['reset-before'];
    expect(isStorageError(await caught(off.bucket.head('x')), 'Unavailable')).toBe(true);
    expect(off.driver.calls.head).toBe(1);
    const on = flakyBucket();
    expect(isStorageError(await caught(on.bucket.head('missing')), 'NotFound')).toBe(true);
    expect(on.driver.calls.head).toBe(1);
  });

  it('reads a whole object again when its body breaks before getBytes returned anything', async () => {
    const { driver, bucket } = flakyBucket();
    await bucket.put('photo', new Uint8Array([1, 2, 3, 4]));
    driver.faults.get = ['reset-mid-body'];
    expect([...(await bucket.getBytes('photo'))]).toEqual([1, 2, 3, 4]);
    expect(driver.calls.get).toBe(2);
  });

  it('goes on with a streamed get whose body broke part-way from the byte it reached, each byte once', async () => {
    const { driver, bucket } = flakyBucket();
    await bucket.put('photo', new Uint8Array([1, 2, 3, 4]));
    driver.faults.get = ['reset-mid-body', 'reset-mid-body'];
    const { body } = await bucket.get('photo');
    expect([...new Uint8Array(await new Response(body).arrayBuffer())]).toEqual([1, 2, 3, 4]);
    // One byte arrived before each break: the rest was asked for from there.
    expect(driver.getRanges).toEqual([undefined, { offset: 1, length: 3 }, { offset: 2, length: 2 }]);
  });

  it('resumes inside the range the caller asked for', async () => {
    const { driver, bucket } = flakyBucket();
    await bucket.put('photo', new Uint8Array([1, 2, 3, 4, 5, 6]));
    driver.faults.get = ['reset-mid-body'];
    const { body } = await bucket.get('photo', { range: { offset: 1, length: 4 } });
    expect([...new Uint8Array(await new Response(body).arrayBuffer())]).toEqual([2, 3, 4, 5]);
    expect(driver.getRanges).toEqual([{ offset: 1, length: 4 }, { offset: 2, length: 3 }]);
  });

  it('never mixes two versions: an object overwritten between the break and the resume errors with PreconditionFailed', async () => {
    const { driver, bucket } = flakyBucket();
    await bucket.put('photo', new Uint8Array([1, 2, 3, 4]));
    driver.faults.get = ['reset-mid-body'];
    driver.beforeGet = async (n) => {
      if (n === 2) await driver.inner.put('photo', { bytes: new Uint8Array([9, 9, 9, 9]), size: 4 } as never, { contentType: 'application/octet-stream', metadata: {}, ifNotExists: false });
    };
    const { body } = await bucket.get('photo');
    const error = await caught(new Response(body).arrayBuffer());
    expect(isStorageError(error, 'PreconditionFailed')).toBe(true);
    expect(isStorageError((error as Error).cause, 'Unavailable')).toBe(true);
  });

  it('does not resume with retry: false, nor past maxAttempts: the reader sees Unavailable', async () => {
    const off = flakyBucket(false);
    await off.bucket.put('photo', new Uint8Array([1, 2, 3, 4]));
    off.driver.faults.get = ['reset-mid-body'];
    expect(isStorageError(await caught(new Response((await off.bucket.get('photo')).body).arrayBuffer()), 'Unavailable')).toBe(true);
    expect(off.driver.calls.get).toBe(1);
    const few = flakyBucket({ ...fast, maxAttempts: 2 });
    await few.bucket.put('photo', new Uint8Array([1, 2, 3, 4]));
    few.driver.faults.get = ['reset-mid-body', 'reset-mid-body', 'reset-mid-body'];
    expect(isStorageError(await caught(new Response((await few.bucket.get('photo')).body).arrayBuffer()), 'Unavailable')).toBe(true);
    expect(few.driver.calls.get).toBe(2);
  });

  it('lets a reader cancel while a resume waits: the read ends, nothing is thrown, no request goes out', async () => {
    // Full jitter draws the wait at random: pin it near its ceiling; the wait's timer is faked, so no timing matters.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.99);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { driver, bucket } = flakyBucket({ baseDelayMs: 1000, maxDelayMs: 1000 });
      await bucket.put('photo', new Uint8Array([1, 2, 3, 4]));
      driver.faults.get = ['reset-mid-body'];
      const reader = (await bucket.get('photo')).body.getReader();
      expect([...(await reader.read()).value!]).toEqual([1]);
      const pending = reader.read(); // breaks, then waits to resume
      await vi.advanceTimersByTimeAsync(10);
      await reader.cancel('not needed any more');
      expect(await pending).toEqual({ done: true, value: undefined });
      await vi.advanceTimersByTimeAsync(2000); // past the wait
      expect(driver.getRanges).toEqual([undefined]);
    } finally {
      vi.useRealTimers();
      random.mockRestore();
    }
  });

  it('releases the answer of a resume the reader cancelled while it was on its way', async () => {
    const { driver, bucket } = flakyBucket();
    await bucket.put('photo', new Uint8Array([1, 2, 3, 4]));
    driver.faults.get = ['reset-mid-body'];
    let arrive = () => {};
    const inFlight = new Promise<void>((resolve) => { arrive = resolve; });
    driver.beforeGet = async (n) => { if (n === 2) await inFlight; };
    const reader = (await bucket.get('photo')).body.getReader();
    await reader.read();
    const pending = reader.read();
    while (driver.getRanges.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    await reader.cancel('not needed any more');
    arrive();
    expect(await pending).toEqual({ done: true, value: undefined });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(driver.bodies).toEqual([{ cancelled: true }]);
  });

  it('ends a resumed read with NotFound when the object was deleted meanwhile', async () => {
    const { driver, bucket } = flakyBucket();
    await bucket.put('photo', new Uint8Array([1, 2, 3, 4]));
    driver.faults.get = ['reset-mid-body'];
    driver.beforeGet = async (n) => {
      if (n === 2) await driver.inner.delete('photo', { mustExist: false });
    };
    const { body } = await bucket.get('photo');
    expect(isStorageError(await caught(new Response(body).arrayBuffer()), 'NotFound')).toBe(true);
  });

  it('reports a conditional put that met its own landed first attempt as an ambiguous conflict, never as success', async () => {
    const { driver, bucket } = flakyBucket();
    driver.faults.put = ['reset-after'];
    const created = await caught(bucket.put('claim', 'mine', { ifNotExists: true }));
    expect(isStorageError(created, 'AlreadyExists')).toBe(true);
    expect((created as { ambiguous: boolean }).ambiguous).toBe(true);
    expect(await bucket.getText('claim')).toBe('mine'); // it was our write
    const { etag } = await bucket.head('claim');
    driver.faults.put = ['reset-after'];
    const swapped = await caught(bucket.put('claim', 'mine again', { ifMatch: etag }));
    expect([(swapped as { code: string }).code, (swapped as { ambiguous: boolean }).ambiguous]).toEqual(['PreconditionFailed', true]);
    // A conflict on the first attempt is a plain one.
    const plain = await caught(bucket.put('claim', 'theirs', { ifNotExists: true }));
    expect([(plain as { code: string }).code, (plain as { ambiguous: boolean }).ambiguous]).toEqual(['AlreadyExists', false]);
  });

  it('idempotent() recognises its own claim and result behind ambiguous conflicts and runs the work once', async () => {
    const { driver, bucket } = flakyBucket();
    // The claim lands but its answer is lost; then the result swap does the same.
    driver.faults.put = ['reset-after', 'ok', 'reset-after'];
    let runs = 0;
    const warnings: string[] = [];
    const log = { warn: (message: string) => warnings.push(message) } as never;
    expect(await idempotent(bucket, 'event-1', () => ++runs, { log })).toBe(1);
    expect(await idempotent(bucket, 'event-1', () => ++runs, { log })).toBe(1);
    expect(runs).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('takes retry settings from the bucket URL: ?retries=N, ?retries=0 off, anything else InvalidArgument', () => {
    expect(openBucket('mem://retry-url?retries=0')).toBeInstanceOf(Bucket);
    expect(openBucket('mem://retry-url?retries=9')).toBeInstanceOf(Bucket);
    for (const bad of ['mem://r?retries=10', 'mem://r?retries=x', 'mem://r?retries=1&retries=2']) {
      expect(isStorageError(caughtSync(() => openBucket(bad)), 'InvalidArgument'), bad).toBe(true);
    }
    expect(isStorageError(caughtSync(() => new Bucket(new FlakyDriver(), { retry: { maxAttempts: 0 } })), 'InvalidArgument')).toBe(true);
  });

  it('the URL parameter is not passed to the driver, which refuses parameters it does not know', async () => {
    const bucket = openBucket('mem://retry-url-driver?retries=2');
    await bucket.put('k', 'v');
    expect(await bucket.getText('k')).toBe('v');
  });
});

function caughtSync(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}
