/**
 * The retry policy on its own, with an injected random source and a sleep that records
 * what it was asked to wait instead of waiting: which codes are retried, how often, how
 * long the backoffs may be, what a signal fired during a backoff turns into, and when a
 * conflict is reported as ambiguous.
 */
import { describe, expect, it } from 'vitest';
import { STORAGE_ERROR_CODES, StorageError, isStorageError, type StorageErrorCode } from '@faasade/core/storage';
import { retryPolicy, withRetries, TRANSIENT_CODES, type RetryOptions } from '../../src/reliability/retry.js';
import type { CallSite } from '../../src/storage/wrap-error.js';

const invalid = (message: string) => new StorageError('InvalidArgument', message);

/** A policy whose sleeps are recorded (and resolve at once unless `onSleep` says otherwise). */
function recordingPolicy(options: RetryOptions = {}, random = () => 0.5, onSleep?: (ms: number, signal?: AbortSignal) => Promise<void>) {
  const waits: number[] = [];
  const policy = retryPolicy(options, invalid, {
    random,
    sleep: (ms, signal) => { waits.push(ms); return onSleep ? onSleep(ms, signal) : Promise.resolve(); },
  })!;
  return { policy, waits };
}

/** An attempt function that fails with the given codes in turn, then answers 'ok'. */
function failing(...codes: StorageErrorCode[]) {
  let calls = 0;
  const attempt = async () => {
    const code = codes[calls++];
    if (code) throw new StorageError(code, `attempt ${calls}: ${code}`);
    return 'ok';
  };
  return { attempt, calls: () => calls };
}

const site = (extra: Partial<CallSite> = {}): CallSite => ({ operation: 'put', bucket: 'mem://test', key: 'k', ...extra });
const outcome = (promise: Promise<unknown>): Promise<{ value?: unknown; error?: StorageError }> =>
  promise.then((value) => ({ value }), (error: unknown) => ({ error: error as StorageError }));

describe('retry policy', () => {
  it('retries each transient code until an attempt succeeds', async () => {
    for (const code of TRANSIENT_CODES) {
      const { policy } = recordingPolicy();
      const flaky = failing(code, code);
      expect(await withRetries(flaky.attempt, policy, site())).toBe('ok');
      expect(flaky.calls(), code).toBe(3);
    }
  });

  it('never retries any other code', async () => {
    for (const code of STORAGE_ERROR_CODES.filter((c) => !TRANSIENT_CODES.has(c))) {
      const { policy, waits } = recordingPolicy();
      const flaky = failing(code);
      const { error } = await outcome(withRetries(flaky.attempt, policy, site()));
      expect(isStorageError(error, code), code).toBe(true);
      expect([flaky.calls(), waits.length], code).toEqual([1, 0]);
    }
  });

  it('stops after maxAttempts and surfaces the last transient error', async () => {
    const { policy, waits } = recordingPolicy({ maxAttempts: 3 });
    const flaky = failing('Unavailable', 'ResourceExhausted', 'Unavailable', 'Unavailable');
    const { error } = await outcome(withRetries(flaky.attempt, policy, site()));
    expect(error?.code).toBe('Unavailable');
    expect(flaky.calls()).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('waits with full jitter under a doubling ceiling that stops at maxDelayMs', async () => {
    const highest = recordingPolicy({ maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 300 }, () => 0.999999);
    await outcome(withRetries(failing('Unavailable', 'Unavailable', 'Unavailable', 'Unavailable', 'Unavailable', 'Unavailable').attempt, highest.policy, site()));
    expect(highest.waits).toEqual([99, 199, 299, 299, 299]);
    const lowest = recordingPolicy({ maxAttempts: 3 }, () => 0);
    await outcome(withRetries(failing('Unavailable', 'Unavailable').attempt, lowest.policy, site()));
    expect(lowest.waits).toEqual([0, 0]);
  });

  it('does not send a body that cannot be replayed a second time', async () => {
    const { policy } = recordingPolicy();
    const flaky = failing('Unavailable');
    const { error } = await outcome(withRetries(flaky.attempt, policy, site({ replayable: false })));
    expect([error?.code, flaky.calls()]).toEqual(['Unavailable', 1]);
  });

  it('a deadline firing during a backoff ends the call with DeadlineExceeded, the last failure as cause, and no further attempt', async () => {
    const deadline = new AbortController();
    const { policy } = recordingPolicy({}, () => 0.5, (_ms, signal) => {
      deadline.abort(new DOMException('deadline', 'TimeoutError'));
      return Promise.reject(signal!.reason);
    });
    const flaky = failing('Unavailable', 'Unavailable');
    const { error } = await outcome(withRetries(flaky.attempt, policy, site({ signal: deadline.signal })));
    expect(error?.code).toBe('DeadlineExceeded');
    expect((error?.cause as StorageError).code).toBe('Unavailable');
    expect(flaky.calls()).toBe(1);
  });

  it('a signal aborted for another reason during a backoff is Canceled', async () => {
    const caller = new AbortController();
    const { policy } = recordingPolicy({}, () => 0.5, () => { caller.abort(); return Promise.resolve(); });
    const flaky = failing('ResourceExhausted');
    const { error } = await outcome(withRetries(flaky.attempt, policy, site({ signal: caller.signal })));
    expect([error?.code, flaky.calls()]).toEqual(['Canceled', 1]);
  });

  it('treats DeadlineExceeded as the caller\'s own once its signal fired: not retried', async () => {
    const caller = new AbortController();
    const { policy } = recordingPolicy();
    let calls = 0;
    const attempt = async () => {
      calls++;
      caller.abort(new DOMException('deadline', 'TimeoutError'));
      throw new StorageError('DeadlineExceeded', 'the invocation reached its deadline');
    };
    const { error } = await outcome(withRetries(attempt, policy, site({ signal: caller.signal })));
    expect([error?.code, calls]).toEqual(['DeadlineExceeded', 1]);
  });

  it('flags a conflict after a failure in transit as ambiguous, and a first-attempt conflict as plain', async () => {
    const conflictCodes = ['AlreadyExists'] as const;
    const { policy } = recordingPolicy();
    const afterReset = await outcome(withRetries(failing('Unavailable', 'AlreadyExists').attempt, policy, site({ conflictCodes })));
    expect([afterReset.error?.code, afterReset.error?.ambiguous]).toEqual(['AlreadyExists', true]);
    const plain = await outcome(withRetries(failing('AlreadyExists').attempt, policy, site({ conflictCodes })));
    expect([plain.error?.code, plain.error?.ambiguous]).toEqual(['AlreadyExists', false]);
    const unconditional = await outcome(withRetries(failing('Unavailable', 'AlreadyExists').attempt, policy, site()));
    expect([unconditional.error?.code, unconditional.error?.ambiguous]).toEqual(['AlreadyExists', false]);
  });

  it('is off with false or a single attempt, and refuses values out of range with InvalidArgument', () => {
    expect(retryPolicy(false, invalid)).toBeUndefined();
    expect(retryPolicy({ maxAttempts: 1 }, invalid)).toBeUndefined();
    expect(retryPolicy(undefined, invalid)).toMatchObject({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2000 });
    for (const bad of [{ maxAttempts: 0 }, { maxAttempts: 11 }, { maxAttempts: 2.5 }, { baseDelayMs: -1 }, { maxDelayMs: Number.NaN }, 'often']) {
      expect(() => retryPolicy(bad as RetryOptions, invalid), JSON.stringify(bad)).toThrow(StorageError);
    }
  });
});
