import { isHttpError } from '../errors/http-error.js';
import { EventDecodeError } from '../errors/event-error.js';
import { allowedMethods } from '../function/define.js';
import { isWarmupPing, warmupParts } from '../function/warmup.js';
import type { HttpFunction } from '../function/types.js';
import type { Context } from '../context/context.js';
import { platformEventOf, type ManagedContext } from '../context/create-context.js';
import { problemParts } from './problem.js';
import { LightResponse } from './light-response.js';
import { lightResponseParts, readResponse, type ResponseParts } from './response-parts.js';
import { telemetryOf, type InvocationTelemetry } from '../observability/invocation-telemetry.js';
import { errorReport } from '../observability/error-report.js';
import { isTimeoutError, settleBeforeDeadline, timeoutParts, type RaceOutcome } from '../reliability/deadline.js'; // reliability

/**
 * Runs an HTTP function for one request: enforces the declared methods, answers warm-up
 * pings (`x-faasade-warmup` on the platform event `ctx.platform.event`: see `isWarmupPing`)
 * with `204` without the handler, calls the handler, reads its response and turns every
 * failure into an answer. Never rejects. The context is disposed when it returns.
 */
export function invokeHttp(fn: HttpFunction, request: Request, ctx: ManagedContext): Promise<ResponseParts> {
  return new Promise((resolve, reject) => answerHttp(fn, request, ctx, { answer: resolve, fail: reject }));
}

/** Where {@link answerHttp} sends its answer. Neither method may throw. */
export interface HttpReply {
  /** The answer, exactly once. */
  answer(parts: ResponseParts): void;
  /** Instead of `answer`, only when answering a failure itself failed. */
  fail(error: unknown): void;
}

/**
 * {@link invokeHttp} for a host that answers from a callback (the local dev server): no
 * promise of its own, and the answer goes to `reply` one promise turn after the handler
 * settles.
 */
export function answerHttp(fn: HttpFunction, request: Request, ctx: ManagedContext, reply: HttpReply): void {
  const answer = new HttpAnswer(request, ctx, reply);
  // observability: the invocation span starts here and ends before the answer leaves.
  let beginning: Promise<void> | undefined;
  try {
    beginning = telemetryOf(ctx, false)?.beginHttp(request.method);
  } catch (error) {
    return answer.failed(error);
  }
  // A promise only while the bridge loads for a first traced invocation.
  if (beginning) runAfter(beginning, answer, fn);
  else answer.run(fn);
}

// Closures live in functions of their own, off the request path: a function that makes a
// closure allocates its variables' context on every call, even when it returns before
// making it (about 40 bytes a request each).

function runAfter(beginning: Promise<void>, answer: HttpAnswer, fn: HttpFunction): void {
  void beginning.then(() => answer.run(fn));
}

function runInSpan(telemetry: InvocationTelemetry, fn: HttpFunction, request: Request, ctx: ManagedContext): Response | PromiseLike<Response> {
  return telemetry.run(() => fn.handler(request, ctx));
}

function answerFromResponse(answer: HttpAnswer, response: Response): void {
  void readResponse(response).then((read) => answer.ended(read), (error: unknown) => answer.failed(error));
}

/** One request on its way to an answer; the outcome of its handler's race against the deadline. */
class HttpAnswer implements RaceOutcome<unknown> {
  constructor(readonly request: Request, readonly ctx: ManagedContext, readonly reply: HttpReply) {}

  run(fn: HttpFunction): void {
    const { request, ctx } = this;
    const telemetry = telemetryOf(ctx, false);
    let result: Response | PromiseLike<Response>;
    try {
      const allowed = allowedMethodsOf(fn);
      if (allowed && !allowed.has(request.method)) {
        return this.ended(problemParts(405, `method ${request.method} is not allowed`, { allow: [...allowed].join(', ') }));
      }
      // A warm-up ping (the header, read from the platform's own request) never runs the handler.
      if (isWarmupPing(platformEventOf(ctx))) return this.ended(warmupParts());
      result = telemetry?.spanning ? runInSpan(telemetry, fn, request, ctx) : fn.handler(request, ctx);
    } catch (error) {
      return this.failed(error);
    }
    // reliability: a handler still running when ctx.signal fires fails with InvocationTimeoutError (→ 504).
    settleBeforeDeadline(result, this);
  }

  /** The handler's response as parts; a throw here (a header that would corrupt the response) is the handler's failure. */
  settled(response: unknown): void {
    let parts: ResponseParts;
    try {
      // The light check first: `instanceof Response` loads undici (see inheritLazily).
      if (response instanceof LightResponse) parts = lightResponseParts(response as LightResponse);
      else if (response instanceof Response) return answerFromResponse(this, response);
      else throw new TypeError(`handler returned ${describe(response)} instead of a Response`);
    } catch (error) {
      return this.failed(error);
    }
    this.ended(parts);
  }

  failed(error: unknown): void {
    let parts: ResponseParts;
    try {
      parts = errorParts(error, this.ctx);
    } catch (failure) {
      return this.reply.fail(failure); // only a failure to answer a failure (as a rejection would)
    }
    this.ended(parts);
  }

  /** observability: the status, the span's end, the metrics and an SDK's export, then dispose and answer. */
  ended(parts: ResponseParts): void {
    const { ctx } = this;
    if (this.request.method === 'HEAD') parts.body = null;
    const telemetry = telemetryOf(ctx, false);
    telemetry?.noteOutcome(parts.status);
    const finishing = telemetry?.finish();
    if (finishing) return HttpAnswer.#answerAfter(finishing, this, parts);
    this.#answer(parts);
  }

  static #answerAfter(finishing: Promise<void>, answer: HttpAnswer, parts: ResponseParts): void {
    void finishing.then(() => answer.#answer(parts));
  }

  #answer(parts: ResponseParts): void {
    this.ctx.dispose();
    this.reply.answer(parts);
  }
}

// Declarations are frozen, so their method set can be computed once, not per request.
const allowedByFunction = new WeakMap<HttpFunction, ReadonlySet<string> | null>();

// The last function asked about, checked first: an instance mostly serves one.
let lastFunction: HttpFunction | undefined;
let lastAllowed: ReadonlySet<string> | null = null;

function allowedMethodsOf(fn: HttpFunction): ReadonlySet<string> | undefined {
  if (fn !== lastFunction) {
    let allowed = allowedByFunction.get(fn);
    if (allowed === undefined) {
      allowed = allowedMethods(fn) ?? null;
      allowedByFunction.set(fn, allowed);
    }
    lastFunction = fn;
    lastAllowed = allowed;
  }
  return lastAllowed ?? undefined;
}

/**
 * The answer to a failed invocation, logged once. Public errors (`HttpError`,
 * `EventDecodeError`) keep their status and message; anything else is a 500 whose
 * body names nothing internal.
 */
export function errorParts(error: unknown, ctx: Context): ResponseParts {
  if (isTimeoutError(error)) { // reliability: out of time (storage call or handler at the deadline) → 504
    telemetryOf(ctx, false)?.noteOutcome(504, error);
    return timeoutParts(error, ctx);
  }
  if (isHttpError(error)) {
    telemetryOf(ctx, false)?.noteOutcome(error.status, error); // observability
    if (error.status >= 500) ctx.log.error('request failed', { status: error.status, ...errorReport(error, ctx) });
    else ctx.log.info('request failed', { status: error.status, error });
    return problemParts(error.status, error.message, { ...error.headers });
  }
  if (error instanceof EventDecodeError) {
    telemetryOf(ctx, false)?.noteOutcome(error.status, error); // observability
    ctx.log.warn('request not understood', { status: error.status, code: error.code, path: error.path, error: error.message });
    return problemParts(error.status, error.status === 500 ? undefined : error.message);
  }
  telemetryOf(ctx, false)?.noteOutcome(500, error); // observability
  ctx.log.error('unhandled error in handler', { status: 500, ...errorReport(error, ctx) });
  return problemParts(500, undefined);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return typeof value;
}
