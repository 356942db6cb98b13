/** The edges of idempotent(): expiry of results, waiting bounded by a signal, bad records, drivers without preconditions. */
import { describe, expect, it } from 'vitest';
import {
  Bucket, MemoryDriver, idempotent, isIdempotencyError, isStorageError, type StorageDriver,
} from '@faasade/core/storage';

const memoryBucket = () => new Bucket(new MemoryDriver());
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('idempotent()', () => {
  it('runs the work again once the completed result has expired (ttlMs)', async () => {
    const bucket = memoryBucket();
    let runs = 0;
    const work = () => ++runs;
    expect(await idempotent(bucket, 'k', work, { ttlMs: 30 })).toBe(1);
    expect(await idempotent(bucket, 'k', work, { ttlMs: 30 })).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await idempotent(bucket, 'k', work, { ttlMs: 30 })).toBe(2);
  });

  it('replays an undefined result as undefined without running again', async () => {
    const bucket = memoryBucket();
    let runs = 0;
    expect(await idempotent(bucket, 'void', () => { runs += 1; })).toBeUndefined();
    expect(await idempotent(bucket, 'void', () => { runs += 1; })).toBeUndefined();
    expect(runs).toBe(1);
  });

  it('a duplicate waiting on a live run gives up with InProgress when its signal fires', async () => {
    const bucket = memoryBucket();
    let finish!: (value: string) => void;
    const first = idempotent(bucket, 'slow', () => new Promise<string>((resolve) => { finish = resolve; }));
    await expect.poll(() => finish).toBeDefined();
    const error = await caught(idempotent(bucket, 'slow', () => 'twin', { signal: AbortSignal.timeout(100) }));
    expect(isIdempotencyError(error, 'InProgress')).toBe(true);
    finish('original');
    expect(await first).toBe('original');
    expect(await idempotent(bucket, 'slow', () => 'later')).toBe('original');
  });

  it('a record it did not write is CorruptRecord, not overwritten', async () => {
    const bucket = memoryBucket();
    await bucket.put('idempotency/foreign', '{"hello":1}');
    const error = await caught(idempotent(bucket, 'foreign', () => 1));
    expect(isIdempotencyError(error, 'CorruptRecord')).toBe(true);
    expect(await bucket.getText('idempotency/foreign')).toBe('{"hello":1}');
  });

  it('a result JSON cannot hold rejects and releases the key', async () => {
    const bucket = memoryBucket();
    await expect(idempotent(bucket, 'big', () => 1n)).rejects.toBeInstanceOf(TypeError);
    expect(await idempotent(bucket, 'big', () => 'ok')).toBe('ok');
  });

  it('an invalid key is InvalidArgument before any work runs', async () => {
    let runs = 0;
    const error = await caught(idempotent(memoryBucket(), 'bad\u0000key', () => ++runs));
    expect(isStorageError(error, 'InvalidArgument')).toBe(true);
    expect(runs).toBe(0);
  });

  it('on a driver without conditional writes it refuses with Unimplemented instead of running unguarded', async () => {
    const plain = new MemoryDriver();
    const unconditional: StorageDriver = Object.assign(Object.create(plain) as StorageDriver, {
      capabilities: { ...plain.capabilities, ifNotExists: false, ifMatch: false },
    });
    let runs = 0;
    const error = await caught(idempotent(new Bucket(unconditional), 'k', () => ++runs));
    expect(isStorageError(error, 'Unimplemented')).toBe(true);
    expect(runs).toBe(0);
  });

  it('rejects a non-positive lease', async () => {
    await expect(idempotent(memoryBucket(), 'k', () => 1, { leaseMs: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});
