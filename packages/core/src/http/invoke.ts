import { isHttpError } from '../errors/http-error.js';
import { EventDecodeError } from '../errors/event-error.js';
import { allowedMethods } from '../function/define.js';
import { isWarmupPing, warmupParts } from '../function/warmup.js';
import type { HttpFunction } from '../function/types.js';
import type { Context } from '../context/context.js';
import type { ManagedContext } from '../context/create-context.js';
import { problemParts } from './problem.js';
import { LightResponse } from './light-response.js';
import { lightResponseParts, readResponse, type ResponseParts } from './response-parts.js';
import { telemetryOf } from '../observability/invocation-telemetry.js';
import { errorReport } from '../observability/error-report.js';
import { isTimeoutError, settleBeforeDeadline, timeoutParts } from '../reliability/deadline.js'; // reliability

/**
 * Runs an HTTP function for one request: enforces the declared methods, answers warm-up
 * pings (`x-faasade-warmup` on the platform event `ctx.platform.event`: see `isWarmupPing`)
 * with `204` without the handler, calls the handler, reads its response and turns every
 * failure into an answer. Never rejects. The context is disposed when it returns.
 *
 * Written with callbacks rather than `await`: the answer is ready one promise turn after
 * the handler settles, which is a measurable share of a small request.
 */
export function invokeHttp(fn: HttpFunction, request: Request, ctx: ManagedContext): Promise<ResponseParts> {
  // observability: the invocation span starts here and ends before the answer leaves.
  try {
    const beginning = telemetryOf(ctx)?.beginHttp(request.method);
    // A promise only while the bridge loads for a first traced invocation.
    return Promise.resolve(beginning ? beginning.then(() => answer(fn, request, ctx)) : answer(fn, request, ctx));
  } catch (error) {
    return Promise.reject(error); // only a failure to answer a failure (as an async function would)
  }
}

function answer(fn: HttpFunction, request: Request, ctx: ManagedContext): ResponseParts | PromiseLike<ResponseParts> {
  const telemetry = telemetryOf(ctx);
  let result: Response | PromiseLike<Response>;
  try {
    const allowed = allowedMethodsOf(fn);
    if (allowed && !allowed.has(request.method)) {
      return ended(problemParts(405, `method ${request.method} is not allowed`, { allow: [...allowed].join(', ') }), ctx);
    }
    // A warm-up ping (the header, read from the platform's own request) never runs the handler.
    if (isWarmupPing(ctx.platform.event)) return ended(warmupParts(), ctx);
    result = telemetry?.spanning ? telemetry.run(() => fn.handler(request, ctx)) : fn.handler(request, ctx);
  } catch (error) {
    return failed(error, ctx);
  }
  // reliability: a handler still running when ctx.signal fires fails with InvocationTimeoutError (→ 504).
  return settleBeforeDeadline(result, ctx, (response) => answered(response, request, ctx), (error) => failed(error, ctx));
}

/** The handler's response as parts; a throw here (a header that would corrupt the response) is the handler's failure. */
function answered(response: unknown, request: Request, ctx: ManagedContext): ResponseParts | Promise<ResponseParts> {
  // The light check first: `instanceof Response` loads undici (see inheritLazily).
  if (response instanceof LightResponse) return ended(withoutHeadBody(lightResponseParts(response as LightResponse), request), ctx);
  if (response instanceof Response) {
    return readResponse(response).then((parts) => ended(withoutHeadBody(parts, request), ctx), (error: unknown) => failed(error, ctx));
  }
  throw new TypeError(`handler returned ${describe(response)} instead of a Response`);
}

function failed(error: unknown, ctx: ManagedContext): ResponseParts | Promise<ResponseParts> {
  return ended(errorParts(error, ctx), ctx);
}

function withoutHeadBody(parts: ResponseParts, request: Request): ResponseParts {
  if (request.method === 'HEAD') parts.body = null;
  return parts;
}

/** observability: the status, the span's end, the metrics and an SDK's export, then dispose. */
function ended(parts: ResponseParts, ctx: ManagedContext): ResponseParts | Promise<ResponseParts> {
  const telemetry = telemetryOf(ctx);
  telemetry?.noteOutcome(parts.status);
  const finishing = telemetry?.finish();
  if (finishing) return finishing.then(() => (ctx.dispose(), parts));
  ctx.dispose();
  return parts;
}

// Declarations are frozen, so their method set can be computed once, not per request.
const allowedByFunction = new WeakMap<HttpFunction, ReadonlySet<string> | null>();

function allowedMethodsOf(fn: HttpFunction): ReadonlySet<string> | undefined {
  let allowed = allowedByFunction.get(fn);
  if (allowed === undefined) {
    allowed = allowedMethods(fn) ?? null;
    allowedByFunction.set(fn, allowed);
  }
  return allowed ?? undefined;
}

/**
 * The answer to a failed invocation, logged once. Public errors (`HttpError`,
 * `EventDecodeError`) keep their status and message; anything else is a 500 whose
 * body names nothing internal.
 */
export function errorParts(error: unknown, ctx: Context): ResponseParts {
  if (isTimeoutError(error)) { // reliability: out of time (storage call or handler at the deadline) → 504
    telemetryOf(ctx)?.noteOutcome(504, error);
    return timeoutParts(error, ctx);
  }
  if (isHttpError(error)) {
    telemetryOf(ctx)?.noteOutcome(error.status, error); // observability
    if (error.status >= 500) ctx.log.error('request failed', { status: error.status, ...errorReport(error, ctx) });
    else ctx.log.info('request failed', { status: error.status, error });
    return problemParts(error.status, error.message, { ...error.headers });
  }
  if (error instanceof EventDecodeError) {
    telemetryOf(ctx)?.noteOutcome(error.status, error); // observability
    ctx.log.warn('request not understood', { status: error.status, code: error.code, path: error.path, error: error.message });
    return problemParts(error.status, error.status === 500 ? undefined : error.message);
  }
  telemetryOf(ctx)?.noteOutcome(500, error); // observability
  ctx.log.error('unhandled error in handler', { status: 500, ...errorReport(error, ctx) });
  return problemParts(500, undefined);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return typeof value;
}
