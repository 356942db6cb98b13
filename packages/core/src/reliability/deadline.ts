import type { Context } from '../context/context.js';
import type { ManagedContext } from '../context/create-context.js';
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

/** What {@link settleBeforeDeadline} hands a handler's outcome to. Neither method may throw. */
export interface RaceOutcome<T> {
  readonly ctx: ManagedContext;
  /** The handler's result. */
  settled(value: T): void;
  /** The handler's failure, or InvocationTimeoutError when it was still running at the deadline. */
  failed(error: unknown): void;
}

/**
 * Hands a handler's result to `outcome.settled`, or its failure to `outcome.failed` — an
 * {@link InvocationTimeoutError} when `ctx.signal` fires first — one promise turn after the
 * handler settles, so the caller answers before the platform kills the instance. After the
 * signal fires the handler gets a short grace (≤ 250 ms, at most half the time left) to
 * fail on its own: a storage call aborted by the same signal then reports which operation
 * and key it was on. Exactly one of the two runs, once. A synchronous result is handed on
 * at once, with nothing allocated and no timer armed. A handler that ignores the signal
 * keeps running in the background; its late outcome is only logged at debug.
 */
export function settleBeforeDeadline<T>(result: T | PromiseLike<T>, outcome: RaceOutcome<T>): void {
  if (!isThenable(result)) return outcome.settled(result);
  new DeadlineRace(outcome, Promise.resolve(result)).start();
}

/**
 * A promise racing the deadline: made only for a handler that returned one (a synchronous
 * answer needs no race, and no object on the request path). Races in flight share one
 * timer (see {@link RacesInFlight}) instead of arming and clearing one each: a timer per
 * invocation cost about 0.8 µs of Node's timer code per request under load, and nearly
 * every invocation finishes long before its deadline. They are kept in a linked list
 * through themselves, so joining and leaving it allocates and hashes nothing.
 */
class DeadlineRace<T> {
  /** When `ctx.signal` fires (epoch ms), while in the list of races in flight. */
  readonly dueAt: number;
  prev: DeadlineRace<unknown> | undefined;
  next: DeadlineRace<unknown> | undefined;
  #grace: ReturnType<typeof setTimeout> | undefined;
  #timedOut = false;

  constructor(readonly outcome: RaceOutcome<T>, readonly work: Promise<T>) {
    // When ctx.signal would fire, without reading the signal: that builds an AbortController
    // and an event listener per invocation (~17 µs on the hot path).
    this.dueAt = outcome.ctx.signalAt;
  }

  start(): void {
    const { outcome } = this;
    inFlight.add(this as DeadlineRace<unknown>);
    this.work.then((value) => this.#stop() && outcome.settled(value), (error: unknown) => this.#stop() && outcome.failed(error));
  }

  /** The work settled: no deadline, no grace. False when it had already timed out. */
  #stop(): boolean {
    if (this.#timedOut) return false;
    inFlight.remove(this as DeadlineRace<unknown>);
    if (this.#grace) clearTimeout(this.#grace);
    return true;
  }

  /** The deadline passed with the work still running: it gets a short grace to fail on its own. */
  expire(): void {
    this.#grace = setTimeout(DeadlineRace.#giveUp, Math.max(0, Math.min(GRACE_MS, this.outcome.ctx.remainingMs() / 2)), this);
    this.#grace.unref?.();
  }

  /** The grace is over: the invocation fails; the handler's late outcome is only logged. */
  static #giveUp(race: DeadlineRace<unknown>): void {
    const { ctx } = race.outcome;
    race.#timedOut = true;
    race.outcome.failed(new InvocationTimeoutError(`function ${ctx.functionName} was still running at its deadline`));
    race.work.then(
      () => ctx.log.debug('handler finished after the invocation timed out'),
      (late: unknown) => ctx.log.debug('handler failed after the invocation timed out', { error: late }),
    );
  }
}

/**
 * The races in flight and the one timer that watches them all, due at the earliest
 * deadline it has seen; a race that settles leaves the list at once, so nothing finished
 * stays reachable.
 */
class RacesInFlight {
  #head: DeadlineRace<unknown> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires (epoch ms); Infinity when none is armed. */
  #timerAt = Infinity;

  add(race: DeadlineRace<unknown>): void {
    race.next = this.#head;
    if (this.#head) this.#head.prev = race;
    this.#head = race;
    if (race.dueAt < this.#timerAt) this.#arm(race.dueAt);
  }

  remove(race: DeadlineRace<unknown>): void {
    if (race.prev) race.prev.next = race.next;
    else if (this.#head === race) this.#head = race.next;
    else return; // not in the list (already expired)
    if (race.next) race.next.prev = race.prev;
    race.prev = race.next = undefined;
  }

  #arm(at: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#sweep(), Math.max(0, at - Date.now()));
    this.#timer.unref?.();
  }

  /** Starts the grace of every race whose deadline has passed, then waits for the next one. */
  #sweep(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (let race = this.#head; race; ) {
      const following = race.next;
      if (race.dueAt <= now) {
        this.remove(race);
        race.expire();
      } else if (race.dueAt < next) next = race.dueAt;
      race = following;
    }
    if (next !== Infinity) this.#arm(next);
  }
}

const inFlight = new RacesInFlight();

const GRACE_MS = 250;

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
