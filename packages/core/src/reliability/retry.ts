import { isStorageError, type StorageError, type StorageErrorCode } from '../storage/errors.js';
import { portableError, type CallSite } from '../storage/wrap-error.js';
import { isDeadlineAbort } from './deadline.js';
import { abortableSleep, fullJitterDelay } from './sleep.js';

/**
 * How a bucket retries a call that failed transiently. Pass `retry: false` (or
 * `?retries=0` in the bucket URL) to turn retrying off.
 */
export interface RetryOptions {
  /** Attempts in all, the first one included: 1 means no retry. Default 4, at most 10. */
  maxAttempts?: number;
  /** Ceiling of the first backoff in ms; each later one doubles it. Default 100. */
  baseDelayMs?: number;
  /** Ceiling of any backoff in ms. Default 2000. */
  maxDelayMs?: number;
}

/** A resolved policy, with the randomness and the wait it uses (replaceable in tests). */
export interface RetryPolicy extends Readonly<Required<RetryOptions>> {
  /** A number in [0, 1) for the jitter. */
  readonly random: () => number;
  /** Waits `ms`, or rejects as soon as `signal` fires. */
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** The defaults: four attempts, full-jitter backoff under 100, 200, 400 ms (at most 2 s). */
export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2000 };
/** The most attempts a policy may make: each one costs the caller's time budget. */
export const MAX_RETRY_ATTEMPTS = 10;

/**
 * Codes a later attempt may succeed on: the service was unreachable or answered 5xx
 * (`Unavailable`, which the drivers also give for connection resets), it throttled
 * (`ResourceExhausted`: 429, S3 `SlowDown`), or the driver's own request timed out
 * (`DeadlineExceeded` while the caller's signal has not fired). Every other code is the
 * same on every attempt, so it is never retried.
 */
export const TRANSIENT_CODES: ReadonlySet<StorageErrorCode> = new Set(['Unavailable', 'ResourceExhausted', 'DeadlineExceeded']);

/**
 * The policy for a bucket's options; undefined when retrying is off.
 * @throws whatever `invalid` builds, for a value out of range.
 */
export function retryPolicy(
  setting: RetryOptions | false | undefined, invalid: (message: string) => Error,
  deps: Partial<Pick<RetryPolicy, 'random' | 'sleep'>> = {},
): RetryPolicy | undefined {
  if (setting === false) return undefined;
  if (setting !== undefined && (setting === null || typeof setting !== 'object')) throw invalid('retry must be false or { maxAttempts?, baseDelayMs?, maxDelayMs? }');
  const { maxAttempts = DEFAULT_RETRY.maxAttempts, baseDelayMs = DEFAULT_RETRY.baseDelayMs, maxDelayMs = DEFAULT_RETRY.maxDelayMs } = setting ?? {};
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_RETRY_ATTEMPTS) throw invalid(`retry.maxAttempts must be an integer from 1 to ${MAX_RETRY_ATTEMPTS}`);
  if (!Number.isFinite(baseDelayMs) || baseDelayMs < 0) throw invalid('retry.baseDelayMs must be a number of milliseconds >= 0');
  if (!Number.isFinite(maxDelayMs) || maxDelayMs < 0) throw invalid('retry.maxDelayMs must be a number of milliseconds >= 0');
  if (maxAttempts === 1) return undefined;
  return { maxAttempts, baseDelayMs, maxDelayMs, random: deps.random ?? Math.random, sleep: deps.sleep ?? abortableSleep };
}

/** True when `error` may go away on another attempt of the call at `site`. */
export function isTransient(error: StorageError, site: Pick<CallSite, 'signal'>): boolean {
  // Once the caller's signal fired, a DeadlineExceeded is the caller's deadline, not the service's.
  return TRANSIENT_CODES.has(error.code) && site.signal?.aborted !== true;
}

/** The wait before attempt `attempt + 1` (attempts count from 1): full jitter under a doubling, capped ceiling. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return fullJitterDelay(attempt - 1, policy.baseDelayMs, policy.maxDelayMs, policy.random);
}

/**
 * Runs `attempt` until it succeeds, fails with a code that is not transient, the call
 * cannot be replayed (`site.replayable === false`), `policy.maxAttempts` are spent, or
 * `site.signal` fires (during a backoff: `DeadlineExceeded` for a deadline signal, else
 * `Canceled`, with the last failure as `cause`). A conflict after an earlier attempt
 * failed in transit comes back `ambiguous` (see `StorageError.ambiguous`). `attempt` must
 * reject with portable errors only.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, site: CallSite): Promise<T> {
  let earlier: StorageError | undefined;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isStorageError(error)) throw error;
      if (earlier && site.conflictCodes?.includes(error.code)) throw ambiguousConflict(error, earlier, site);
      if (n >= policy.maxAttempts || site.replayable === false || !isTransient(error, site)) throw error;
      earlier = error;
      try {
        await policy.sleep(backoffMs(policy, n), site.signal);
      } catch {
        throw interrupted(error, n, site);
      }
      if (site.signal?.aborted) throw interrupted(error, n, site);
    }
  }
}

function ambiguousConflict(conflict: StorageError, earlier: StorageError, site: CallSite): StorageError {
  return portableError(conflict.code,
    `an earlier attempt failed in transit (${earlier.code}) and may have been applied, so this may be the call's own write`,
    site, conflict.cause ?? conflict, true);
}

/** The error of a call whose signal fired while it waited to try again. */
export function interrupted(last: StorageError, attempts: number, site: CallSite): StorageError {
  const code = isDeadlineAbort(site.signal) ? 'DeadlineExceeded' : 'Canceled';
  return portableError(code, `the signal fired while waiting to retry, after ${attempts} attempt${attempts === 1 ? '' : 's'} (last: ${last.code})`, site, last);
}
