import type { Context } from '../context/context.js';
import { problemParts } from '../http/problem.js';
import type { ResponseParts } from '../http/response-parts.js';
import { errorReport } from '../observability/error-report.js';
import { isStorageError, type StorageError } from '../storage/errors.js';
import { portableError, type CallSite } from '../storage/wrap-error.js';

/**
 * The error an invocation fails with when its handler is still running when `ctx.signal`
 * fires (shortly before the platform's deadline). Its `code` matches the storage code for
 * the same situation, so one check covers both.
 */
export class InvocationTimeoutError extends Error {
  override readonly name = 'InvocationTimeoutError';
  readonly code = 'DeadlineExceeded';
}

/** True when `signal` was aborted because a deadline was reached (`ctx.signal`, `AbortSignal.timeout`). */
export function isDeadlineAbort(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && isTimeoutReason(signal.reason);
}

function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

/**
 * A storage call cut short by a deadline signal is `DeadlineExceeded`, not `Canceled`:
 * nobody gave up, time ran out, and the invocation should say so (504, "timed out").
 * Other errors are returned unchanged. Used by the storage layer around every call.
 */
export function deadlineAware(error: StorageError, site: CallSite): StorageError {
  if (error.code !== 'Canceled' || !isDeadlineAbort(site.signal)) return error;
  return portableError('DeadlineExceeded', 'the invocation reached its deadline during the call', site, site.signal?.reason);
}

/**
 * True for every way an invocation can run out of time: a storage call that hit the
 * deadline (or whose service did not answer in time), a handler still running at the
 * deadline, or a `TimeoutError` from a deadline signal passed to `fetch` and the like.
 */
export function isTimeoutError(error: unknown): boolean {
  return isStorageError(error, 'DeadlineExceeded') || error instanceof InvocationTimeoutError || isTimeoutReason(error);
}

/**
 * The HTTP answer to an invocation that ran out of time: 504 problem+json, logged once at
 * error level with what it was doing (the storage operation, bucket and key when a storage
 * call was cut short) and how much time was left.
 */
export function timeoutParts(error: unknown, ctx: Context): ResponseParts {
  const during = isStorageError(error) ? { operation: error.operation, bucket: error.bucket, key: error.key } : {};
  ctx.log.error('invocation timed out', { status: 504, code: 'DeadlineExceeded', ...during, remainingMs: ctx.remainingMs(), ...errorReport(error, ctx) });
  return problemParts(504, 'the function did not finish before its deadline');
}

/**
 * Waits for the handler's result, or rejects with {@link InvocationTimeoutError} when
 * `ctx.signal` fires first, so the caller can answer before the platform kills the
 * instance. After the signal fires the handler gets a short grace (≤ 250 ms, at most half
 * the time left) to fail on its own: a storage call aborted by the same signal then
 * reports which operation and key it was on. A synchronous result costs nothing (no timer
 * is armed). A handler that ignores the signal keeps running in the background; its late
 * outcome is only logged at debug.
 */
export function raceDeadline<T>(result: T | PromiseLike<T>, ctx: Context): T | Promise<T> {
  if (!isThenable(result)) return result;
  const work = Promise.resolve(result);
  return new Promise<T>((resolve, reject) => {
    const watch = new DeadlineWatch(work, ctx, reject);
    // A late settlement after the timeout is ignored by the promise itself.
    work.then((value) => (watch.stop(), resolve(value)), (error: unknown) => (watch.stop(), reject(error)));
  });
}

/**
 * The timers of one {@link raceDeadline}: the deadline, then the grace. One object whose
 * timers get it as their argument, rather than a closure per step: this runs for every
 * invocation, and what it allocates is most of what it costs.
 */
class DeadlineWatch {
  #timer: ReturnType<typeof setTimeout>;

  constructor(readonly work: Promise<unknown>, readonly ctx: Context, readonly reject: (error: unknown) => void) {
    // A plain timer, not ctx.signal: reading the signal builds an AbortController and an
    // event listener per invocation (~17 µs on the hot path); the timer costs a fraction.
    const remaining = ctx.remainingMs();
    this.#timer = unrefTimer(setTimeout(DeadlineWatch.#expire, Math.max(0, remaining - Math.min(ABORT_MARGIN_MS, Math.floor(remaining / 10))), this));
  }

  /** The work settled: no deadline, no grace. */
  stop(): void {
    clearTimeout(this.#timer);
  }

  static #expire(watch: DeadlineWatch): void {
    watch.#timer = unrefTimer(setTimeout(DeadlineWatch.#giveUp, Math.max(0, Math.min(GRACE_MS, watch.ctx.remainingMs() / 2)), watch));
  }

  static #giveUp(watch: DeadlineWatch): void {
    const { ctx } = watch;
    watch.reject(new InvocationTimeoutError(`function ${ctx.functionName} was still running at its deadline`));
    watch.work.then(
      () => ctx.log.debug('handler finished after the invocation timed out'),
      (late: unknown) => ctx.log.debug('handler failed after the invocation timed out', { error: late }),
    );
  }
}

function unrefTimer(timer: ReturnType<typeof setTimeout>): ReturnType<typeof setTimeout> {
  timer.unref?.();
  return timer;
}

/** The same margin as ctx.signal: 10% of the budget, at most 500 ms, before the deadline. */
const ABORT_MARGIN_MS = 500;
const GRACE_MS = 250;

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
