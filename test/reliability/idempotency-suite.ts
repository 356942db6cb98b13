/**
 * The idempotency behaviour every precondition-enforcing backend must show: concurrent
 * duplicate deliveries run the work once and all get its result; a run abandoned by a
 * crashed instance is taken over by exactly one of many duplicates once its lease ends;
 * a failed run releases the key. Each backend's test file calls this with its Bucket.
 */
import { describe, expect, it } from 'vitest';
import { idempotent, type Bucket } from '@faasade/core/storage';

/** What a backend's test file supplies. */
export interface IdempotencyHarness {
  name: string;
  /** A bucket on the backend (records go under `idempotency/`). Called once per test. */
  makeBucket: () => Promise<Bucket>;
  /** Parallel duplicate deliveries per case (1,000 where the backend handles that quickly). */
  duplicates: number;
  /** Lease of the "crashed" run, long enough for one write and read round trip on this backend. */
  crashLeaseMs: number;
}

/** Unique keys per case, so reruns against a persistent backend never meet old records. */
const uniqueKey = (label: string) => `${label}/${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** Registers the idempotency cases for one backend. */
export function describeIdempotency(harness: IdempotencyHarness): void {
  const { duplicates } = harness;
  describe(`idempotent() on ${harness.name}`, { timeout: 180_000 }, () => {
    it(`${duplicates} parallel duplicate deliveries: the side effect happens once, every caller gets its result`, async () => {
      const bucket = await harness.makeBucket();
      const key = uniqueKey('dup');
      let sideEffects = 0;
      const work = async () => {
        sideEffects += 1;
        await new Promise((resolve) => setTimeout(resolve, 50)); // long enough for the others to find it in progress
        return { thumbnail: `thumbs/${key}.jpg`, run: sideEffects };
      };
      const results = await Promise.all(Array.from({ length: duplicates }, () => idempotent(bucket, key, work)));
      expect(sideEffects).toBe(1);
      expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify({ thumbnail: `thumbs/${key}.jpg`, run: 1 })]));
      // A later redelivery replays the stored result without running anything.
      expect(await idempotent(bucket, key, work)).toEqual({ thumbnail: `thumbs/${key}.jpg`, run: 1 });
      expect(sideEffects).toBe(1);
    });

    it(`a run left in progress by a crashed instance expires and is taken over exactly once by ${duplicates} duplicates`, async () => {
      const bucket = await harness.makeBucket();
      const key = uniqueKey('crash');
      let crashedStarted = false;
      // The "crashed" instance claims the key and never finishes (its process is gone).
      void idempotent(bucket, key, () => { crashedStarted = true; return new Promise<never>(() => {}); }, { leaseMs: harness.crashLeaseMs });
      await expect.poll(() => crashedStarted, { timeout: 10_000 }).toBe(true);
      let takeovers = 0;
      const results = await Promise.all(Array.from({ length: duplicates }, () => idempotent(bucket, key, async () => {
        takeovers += 1;
        return 'done';
      }, { leaseMs: 60_000 })));
      expect(takeovers).toBe(1);
      expect(results.every((r) => r === 'done')).toBe(true);
    });

    it('a failed run releases the key: the retry runs the work and its result is kept', async () => {
      const bucket = await harness.makeBucket();
      const key = uniqueKey('fail');
      const failure = new Error('downstream refused');
      await expect(idempotent(bucket, key, () => { throw failure; })).rejects.toBe(failure);
      let runs = 0;
      expect(await idempotent(bucket, key, () => { runs += 1; return 7; })).toBe(7);
      expect(await idempotent(bucket, key, () => { runs += 1; return 8; })).toBe(7);
      expect(runs).toBe(1);
    });
  });
}
