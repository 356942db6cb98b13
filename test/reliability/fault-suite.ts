import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bucket, idempotent, isStorageError, type BucketOptions, type StorageDriver, type StorageError } from '@faasade/core/storage';
import { FAULT_KINDS, startFaultProxy, type FaultKind, type FaultProxyHandle, type FaultProxyOptions } from '../servers/fault-proxy.js';
import { failureCounts, inPool, makeObjects, readStream, sha256, verify, type Outcomes } from './fault-workload.js';

/** A real storage server with one empty bucket, reachable at any endpoint (the proxy's or its own). */
export interface RunningTarget {
  /** The server's own endpoint. */
  readonly endpoint: string;
  /** The driver for the bucket, talking to `endpoint` with a client the driver creates. */
  driverAt(endpoint: string): StorageDriver;
  stop(): Promise<void>;
}

/** One server under test. */
export interface FaultTarget {
  name: string;
  start(): Promise<RunningTarget>;
  /** Why the conditional-write cases cannot run against this server, when they cannot. */
  noConditionalWrites?: string;
  /**
   * Set when the client notices some dropped connections only at its own request timeout,
   * which is `DeadlineExceeded`: saying why lets that code count as a transport failure.
   */
  dropsEndInTimeouts?: string;
}

const OBJECTS = Number(process.env.FAULT_OBJECTS ?? 150);
const RATE = Number(process.env.FAULT_RATE ?? 0.25);
const CONCURRENCY = 8;

/**
 * Drives a real driver through {@link startFaultProxy} in front of `target`'s server:
 * many puts, gets and deletes under random faults, then the server read directly must
 * hold every object reported written, byte for byte, and nothing else; calls under a
 * short deadline end in time with `DeadlineExceeded`; a conditional write whose answer
 * was lost is reported as an ambiguous conflict, which `idempotent()` resolves.
 */
export function describeStorageFaults(target: FaultTarget): void {
  describe(`storage under injected faults: ${target.name}`, () => {
    let server: RunningTarget;
    let direct: Bucket;
    const proxies: FaultProxyHandle[] = [];
    /** A proxy in front of the server and a bucket (default retries unless `bucketOptions` say) reaching it through the proxy. */
    const throughProxy = async (options: Omit<FaultProxyOptions, 'upstream'>, bucketOptions?: BucketOptions) => {
      const proxy = await startFaultProxy({ upstream: server.endpoint, label: target.name, ...options });
      proxies.push(proxy);
      return { proxy, bucket: new Bucket(server.driverAt(proxy.endpoint), bucketOptions) };
    };

    beforeAll(async () => {
      server = await target.start();
      direct = new Bucket(server.driverAt(server.endpoint), { retry: false });
    });
    afterAll(async () => {
      await Promise.all(proxies.map((proxy) => proxy.stop()));
      await direct?.close();
      await server?.stop();
    });

    it(`puts, reads and deletes ${OBJECTS} objects through random faults: nothing lost, corrupted or extra, every failure coded`, async () => {
      const prefix = `faults-${randomUUID().slice(0, 8)}/`;
      const objects = makeObjects(prefix, OBJECTS);
      const { proxy, bucket } = await throughProxy({ rate: RATE, delayMs: 50 });
      const puts = await inPool(objects, CONCURRENCY, (object) => bucket.put(object.key, object.bytes));
      const written = objects.filter((object) => puts.get(object.key) === 'ok');
      const misread: string[] = [];
      const gets: Outcomes = await inPool(written, CONCURRENCY, async (object) => {
        // Half read whole (read again when the body breaks), half streamed (a broken body goes on from the byte it reached).
        const bytes = written.indexOf(object) % 2 ? await bucket.getBytes(object.key) : await readStream((await bucket.get(object.key)).body);
        if (sha256(bytes) !== object.sha) misread.push(object.key);
      });
      const deletes = await inPool(written.filter((_, i) => i % 3 === 0), CONCURRENCY, (object) => bucket.delete(object.key));
      await bucket.close();

      const verdict = await verify(direct, prefix, objects, puts, deletes);
      const outcomes = [...puts.values(), ...gets.values(), ...deletes.values()];
      const failures = outcomes.filter((outcome) => outcome !== 'ok');
      process.stderr.write(`[faults] ${target.name}: seed ${proxy.seed}, ${proxy.requests} requests, injected ${JSON.stringify(proxy.counts)}; `
        + `puts ${JSON.stringify(failureCounts(puts))} gets ${JSON.stringify(failureCounts(gets))} deletes ${JSON.stringify(failureCounts(deletes))} failed of ${puts.size}/${gets.size}/${deletes.size}; `
        + `lost ${verdict.lost.length}, corrupted ${verdict.corrupted.length + misread.length}, extra ${verdict.extra.length}, duplicated ${verdict.duplicated.length}, landed after a failed put ${verdict.landedAfterFailure.length}\n`);

      expect({ ...verdict, landedAfterFailure: [], misread }).toEqual({ lost: [], corrupted: [], extra: [], duplicated: [], landedAfterFailure: [], misread: [] });
      // Every failure that reached the caller is a StorageError saying the service was
      // unreachable or throttling: never Unknown, and no deadline (none was set) unless
      // the client's own request timeout is how it notices a drop.
      const transport = ['Unavailable', 'ResourceExhausted', ...(target.dropsEndInTimeouts ? ['DeadlineExceeded'] : [])];
      expect(failures.filter((code) => !transport.includes(code))).toEqual([]);
      // The faults really happened, and retries carried nearly every call through them.
      for (const kind of FAULT_KINDS) expect(proxy.counts[kind], kind).toBeGreaterThan(0);
      expect(failures.length).toBeLessThan(outcomes.length * 0.05);
    }, 60_000);

    it('a streamed get whose connection drops half-way goes on from where it broke: every byte once, one request for the rest', async () => {
      const key = `resume-${randomUUID().slice(0, 8)}/big.bin`;
      const object = { bytes: new Uint8Array(randomBytes(768 * 1024)) };
      await direct.put(key, object.bytes);
      let gets = 0;
      const { bucket } = await throughProxy({
        // Only the requests that carry the object's bytes (GCS reads its metadata first, from another URL).
        schedule: ({ method, url }) => (method === 'GET' && url.includes('big.bin') && (url.includes('alt=media') || !url.includes('/storage/v1/')) && ++gets === 1 ? 'drop-mid-response' : undefined),
      });
      const bytes = await readStream((await bucket.get(key)).body);
      expect(bytes.byteLength).toBe(object.bytes.byteLength);
      expect(sha256(bytes)).toBe(sha256(object.bytes));
      expect(gets).toBe(2);
      await bucket.close();
    });

    it('calls whose requests stall past their deadline fail with DeadlineExceeded', async () => {
      const { bucket } = await throughProxy({ schedule: () => 'delay', delayMs: 3000 });
      const signal = () => AbortSignal.timeout(250);
      const calls: Array<Promise<unknown>> = [
        bucket.put('stalled/put.txt', 'never', { signal: signal() }),
        bucket.getBytes('stalled/get.txt', { signal: signal() }),
        bucket.head('stalled/head.txt', { signal: signal() }),
        bucket.listPage({ prefix: 'stalled/', signal: signal() }),
        bucket.delete('stalled/delete.txt', { signal: signal() }),
      ];
      const codes = await Promise.all(calls.map((call) => call.then(() => 'ok', (error: StorageError) => error.code)));
      expect(codes).toEqual(Array(calls.length).fill('DeadlineExceeded'));
      await bucket.close();
    });

    it('a deadline that fires while a call waits to retry ends it with DeadlineExceeded, the last failure as its cause', async () => {
      const { bucket } = await throughProxy({ schedule: () => '503' }, { retry: { maxAttempts: 10, baseDelayMs: 5000, maxDelayMs: 5000 } });
      const error = await bucket.head('retrying.txt', { signal: AbortSignal.timeout(300) }).catch((caught: unknown) => caught);
      expect(isStorageError(error, 'DeadlineExceeded')).toBe(true);
      expect(isStorageError((error as Error).cause, 'Unavailable')).toBe(true);
      await bucket.close();
    });

    it('under random stalls, each call with a short deadline finishes, or fails with DeadlineExceeded', async () => {
      const { bucket } = await throughProxy({ rate: 0.5, kinds: ['delay'], delayMs: 1500 });
      const objects = makeObjects(`deadline-${randomUUID().slice(0, 8)}/`, 24);
      const puts = await inPool(objects, CONCURRENCY, (object) => bucket.put(object.key, object.bytes, { signal: AbortSignal.timeout(400) }));
      expect(new Set(puts.values())).toEqual(new Set(['ok', 'DeadlineExceeded']));
      for (const object of objects.filter((o) => puts.get(o.key) === 'ok')) expect(sha256(await direct.getBytes(object.key))).toBe(object.sha);
      await bucket.close();
    });

    const conditional = target.noConditionalWrites === undefined ? it : it.skip;
    if (target.noConditionalWrites) console.log(`[faults] ${target.name}: skipping the conditional-write cases: ${target.noConditionalWrites}`);
    /** Drops the answer of the first write whose URL names `token`, after the server applied it. */
    const loseFirstAnswer = (token: string) => {
      let dropped = false;
      return ({ method, url }: { method: string; url: string }): FaultKind | undefined => {
        if (dropped || (method !== 'PUT' && method !== 'POST') || !url.includes(token)) return undefined;
        dropped = true;
        return 'drop-after';
      };
    };

    conditional(`a create-if-absent whose answer was lost is an ambiguous AlreadyExists, never success${target.noConditionalWrites ? ` — skipped: ${target.noConditionalWrites}` : ''}`, async () => {
      const token = `claim${randomUUID().slice(0, 8)}`;
      const { proxy, bucket } = await throughProxy({ schedule: loseFirstAnswer(token) });
      const error = await bucket.put(`ambiguous/${token}`, 'mine', { ifNotExists: true }).catch((caught: unknown) => caught);
      expect(proxy.counts['drop-after']).toBe(1);
      expect([isStorageError(error, 'AlreadyExists'), (error as StorageError).ambiguous]).toEqual([true, true]);
      expect(await direct.getText(`ambiguous/${token}`)).toBe('mine');
      const plain = await bucket.put(`ambiguous/${token}`, 'again', { ifNotExists: true }).catch((caught: unknown) => caught);
      expect([isStorageError(plain, 'AlreadyExists'), (plain as StorageError).ambiguous]).toEqual([true, false]);
      await bucket.close();
    });

    conditional(`idempotent() runs the work once when its claim landed but the answer was lost${target.noConditionalWrites ? ` — skipped: ${target.noConditionalWrites}` : ''}`, async () => {
      const token = `event${randomUUID().slice(0, 8)}`;
      const { proxy, bucket } = await throughProxy({ schedule: loseFirstAnswer(token) });
      let runs = 0;
      expect(await idempotent(bucket, token, () => ({ run: ++runs }), { signal: AbortSignal.timeout(10_000) })).toEqual({ run: 1 });
      expect(await idempotent(bucket, token, () => ({ run: ++runs }))).toEqual({ run: 1 });
      expect([runs, proxy.counts['drop-after']]).toEqual([1, 1]);
      await bucket.close();
    });
  });
}
