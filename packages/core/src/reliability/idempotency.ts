import { randomUUID } from 'node:crypto';
import type { Bucket } from '../storage/bucket.js';
import { isStorageError } from '../storage/errors.js';
import type { Logger } from '../log/logger.js';
import { IdempotencyError } from './idempotency-error.js';
import { readRecord, writeRecord, type IdempotencyRecord } from './idempotency-record.js';
import { abortableSleep, fullJitterDelay } from './sleep.js';

/** Options of {@link idempotent}. */
export interface IdempotencyOptions {
  /**
   * How long a started run holds the key, in ms. Past it the run counts as abandoned (its
   * instance crashed or was killed) and the next delivery takes over. Set it above the
   * function's timeout, or a slow but live run gets a twin. Default 15 minutes (Lambda's
   * longest timeout).
   */
  leaseMs?: number;
  /** How long a completed result is replayed to duplicates, in ms. Default 24 hours. */
  ttlMs?: number;
  /**
   * Stops waiting and storage calls (pass `ctx.signal`). Waiting for another instance's
   * run then ends with `IdempotencyError` `InProgress`. The work itself gets no signal
   * from here: give it `ctx.signal` yourself.
   */
  signal?: AbortSignal;
  /** Where the records live in the bucket. Default `idempotency/`. */
  prefix?: string;
  /** Told when a finished run's record could not be saved (pass `ctx.log`). */
  log?: Logger;
}

const DEFAULT_LEASE_MS = 15 * 60_000;
const DEFAULT_TTL_MS = 24 * 60 * 60_000;
const POLL_BASE_MS = 25;
const POLL_CAP_MS = 1000;

/**
 * Runs `work` once per `key`, however often and however concurrently it is called — for
 * events the cloud delivers at least once. The first caller claims the key with a
 * conditional create (`ifNotExists`) in `bucket`, runs the work and stores its result;
 * concurrent duplicates wait for that result and return it; later duplicates return it at
 * once, until `ttlMs` passes. If the work throws, the key is released and the error
 * rethrown, so the platform's retry runs it again. A run whose instance died is taken
 * over, by exactly one caller (an `ifMatch` swap), once `leaseMs` has passed.
 *
 * The result must survive `JSON.stringify` (what duplicates get is the parsed copy).
 * The bucket's driver must enforce preconditions (memory, fs, Azure, GCS, S3; not
 * s3rver): without them the call fails with `StorageError` `Unimplemented`.
 *
 * @example
 * export default onObject({ name: 'thumbnail', bucket: 'images' }, async (event, ctx) => {
 *   await idempotent(bucket('state'), `thumb/${event.id}`, () => makeThumbnail(event.data.key),
 *     { signal: ctx.signal, log: ctx.log, leaseMs: 120_000 });
 * });
 */
export async function idempotent<T>(bucket: Bucket, key: string, work: () => T | Promise<T>, options: IdempotencyOptions = {}): Promise<T> {
  const { signal, log } = options;
  const leaseMs = positive(options.leaseMs, DEFAULT_LEASE_MS, 'leaseMs');
  const ttlMs = positive(options.ttlMs, DEFAULT_TTL_MS, 'ttlMs');
  const recordKey = (options.prefix ?? 'idempotency/') + key;
  const owner = randomUUID();
  const claim = (): IdempotencyRecord => ({ v: 1, state: 'in-progress', owner, expiresAt: Date.now() + leaseMs });

  const run = async (etag: string): Promise<T> => {
    let result: T;
    try {
      result = await work();
      // Serialised before anything is stored, so a result that cannot be replayed releases the key.
      JSON.stringify(result);
    } catch (error) {
      // No signal: releasing the key matters most exactly when the deadline fired. If even
      // this fails, the lease expiring releases it.
      await writeRecord(bucket, recordKey, { v: 1, state: 'failed', owner, expiresAt: Date.now() }, { ifMatch: etag }, undefined)
        .catch(() => undefined);
      throw error;
    }
    const done: IdempotencyRecord = { v: 1, state: 'completed', owner, expiresAt: Date.now() + ttlMs, ...(result === undefined ? {} : { result }) };
    await writeRecord(bucket, recordKey, done, { ifMatch: etag }, undefined).catch(async (error: unknown) => {
      // A retried swap whose first attempt landed meets its own record: that is success.
      if (isStorageError(error) && error.ambiguous && (await ownRecord('completed'))) return;
      // The work is done: answering with its result beats failing and having it run again.
      // A duplicate may still run it once the lease expires; say so.
      log?.warn('idempotent: the result could not be recorded', { idempotencyKey: key, takenOver: isStorageError(error, 'PreconditionFailed'), error });
    });
    return result;
  };
  // Whether the stored record is this call's own (the owner token is random per call).
  const ownRecord = (state: IdempotencyRecord['state']): Promise<boolean> => readRecord(bucket, recordKey, key, undefined)
    .then((stored) => stored?.record.owner === owner && stored.record.state === state, () => false);

  for (let attempt = 0; ; attempt++) {
    let claimed: string | undefined;
    try {
      claimed = await writeRecord(bucket, recordKey, claim(), { ifNotExists: true }, signal);
    } catch (error) {
      if (!isStorageError(error, 'AlreadyExists')) throw error;
    }
    if (claimed !== undefined) return run(claimed);
    const stored = await readRecord(bucket, recordKey, key, signal);
    if (!stored) continue; // removed since our claim failed: claim again
    const { record, etag } = stored;
    // Our own claim: a retried claim (or takeover) whose first attempt landed although its
    // answer was lost, so the retry met it as a conflict (StorageError.ambiguous).
    if (record.owner === owner && record.state === 'in-progress') return run(etag);
    const left = record.expiresAt - Date.now();
    if (left > 0 && record.state === 'completed') return record.result as T;
    if (left > 0 && record.state === 'in-progress') {
      await waitForOwner(key, Math.min(left + 1, fullJitterDelay(attempt, POLL_BASE_MS, POLL_CAP_MS) + 1), signal);
      continue;
    }
    // Expired, or released after a failure: exactly one caller wins the swap.
    let etagAfterClaim: string;
    try {
      etagAfterClaim = await writeRecord(bucket, recordKey, claim(), { ifMatch: etag }, signal);
    } catch (error) {
      // Lost the swap, or (ambiguous) won it with an attempt whose answer was lost: the
      // next round reads the record and tells the two apart by its owner.
      if (isStorageError(error, 'PreconditionFailed')) continue;
      throw error;
    }
    return run(etagAfterClaim);
  }
}

async function waitForOwner(key: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await abortableSleep(ms, signal);
  } catch (reason) {
    throw new IdempotencyError('InProgress', key, 'another invocation is still running this work', { cause: reason });
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`idempotent: ${name} must be a positive number of milliseconds`);
  return value;
}
