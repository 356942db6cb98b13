import { FaasadeConfigError, type EventDecodeError, type HttpFunction } from '@faasade/core';
import { createContext, createLightRequest, errorParts, headerReader, invokeHttp, isWarmupPing, type ManagedContext } from '@faasade/core/adapter';
import type { LambdaContext, LambdaHttpEvent, LambdaHttpResult, WarmupPingEvent, WarmupResult } from '../types.js';
import type { EventShape } from './event-shape.js';
import { isObject } from './fields.js';
import { functionUrlShape } from './function-url.js';
import { httpApiShape } from './http-api.js';
import { kit } from './kit.js';

/**
 * A Lambda handler for an HTTP function: what `lambdaHttpHandler` (and `lambdaHandler`
 * for HTTP functions) returns and the runtime calls. An HTTP event gets the result its
 * front door expects; a warm-up ping event the {@link WarmupResult} (also when the caller
 * typed it loosely: the last signature keeps the HTTP result type for such callers).
 */
export interface LambdaHttpHandler {
  (event: LambdaHttpEvent, context: LambdaContext): Promise<LambdaHttpResult>;
  (event: WarmupPingEvent, context: LambdaContext): Promise<WarmupResult>;
  (event: unknown, context: LambdaContext): Promise<LambdaHttpResult>;
}

type AnyShape = EventShape<never, LambdaHttpResult>;

// Payload 2.0 (HTTP APIs, Function URLs): in the entry. Most specific first: Function URL events are 2.0 events.
const SHAPES: readonly AnyShape[] = [functionUrlShape, httpApiShape] as never;
// Payload 1.0 (ALB, REST APIs): loaded on the first event that carries `httpMethod`.
let otherShapes: readonly AnyShape[] | undefined;

/**
 * Runs an HTTP function on AWS Lambda behind API Gateway (REST API, HTTP API with payload
 * 1.0 or 2.0), a Lambda Function URL or an Application Load Balancer; the event's shape
 * picks the translation. Export the result as the Lambda handler. This entry point
 * (`@faasade/aws/http`) carries no object-event code, so an HTTP function's bundle stays
 * small; `lambdaHandler` from `@faasade/aws` takes either kind of function. The payload
 * 1.0 translations (REST APIs, ALB) load on the first such event (other-shapes.ts): a
 * function behind an HTTP API or a Function URL never parses them.
 *
 * A malformed event (a missing or wrong-typed field, a body that is not valid base64, a
 * body over `maxBodyBytes`) is answered with a 4xx and logged. The URL and headers are
 * built only when the handler first reads them, so a bad header value or Host surfaces
 * then, as the same 4xx. An event of no HTTP shape (an S3 notification sent to an HTTP
 * function, say) fails the invocation with an `EventDecodeError` of code
 * `UnknownEventShape`, logged first.
 *
 * Warm-up pings never run the handler: the event `{"faasade":"warmup"}` (or an
 * EventBridge event carrying it as `detail`, or of detail type `faasade.warmup`) is
 * answered `{"faasade":"warmup","coldStart":…}`; an HTTP request with the
 * `x-faasade-warmup` header and a declared method gets `204` in its front door's format.
 * Either counts as the instance's cold start.
 *
 * Front-door facts it relies on: HTTP APIs deliver `rawPath` decoded (it is encoded
 * again) and, behind a custom domain's API mapping, without the mapping key; REST APIs
 * need `binaryMediaTypes` (for example `*\/*`) for base64 bodies to reach clients as
 * bytes; an ALB target group without multi-value headers carries one value per header.
 *
 * @example
 * import { lambdaHttpHandler } from '@faasade/aws/http';
 * import hello from './hello.js';
 * export const handler = lambdaHttpHandler(hello);
 * @throws FaasadeConfigError when `fn` is not an HTTP function.
 */
export function lambdaHttpHandler(fn: HttpFunction): LambdaHttpHandler {
  if (fn?.trigger !== 'http' || typeof fn.handler !== 'function') {
    throw new FaasadeConfigError('lambdaHttpHandler() takes an HTTP function declared with onHttp()');
  }
  const handler = async (event: unknown, context: LambdaContext): Promise<LambdaHttpResult | WarmupResult> => {
    const ctx = createContext({
      fn,
      cloud: 'aws',
      invocationId: context?.awsRequestId,
      deadline: deadlineOf(context),
      event,
      platformContext: context,
      // observability: traceparent / X-Amzn-Trace-Id from the front door's headers, read only when traced
      traceHeader: headerReader((event as { headers?: unknown; multiValueHeaders?: unknown } | null)?.headers ?? (event as { multiValueHeaders?: unknown } | null)?.multiValueHeaders),
    });
    const shape = shapeOf(event, SHAPES) ?? (hasHttpMethod(event) ? shapeOf(event, otherShapes ?? (await loadOtherShapes())) : undefined);
    if (!shape) {
      // Checked only once no HTTP shape matched: pings with the header are HTTP requests, answered by invokeHttp.
      if (isWarmupPing(event)) return warm(ctx);
      throw await unknownShape(event, ctx);
    }
    let request: Request;
    try {
      request = createLightRequest(shape.toRequest(fn, event as never, ctx));
    } catch (error) {
      // The front door still waits for an answer in its own format: give it the 4xx.
      const parts = errorParts(error, ctx);
      ctx.dispose();
      return shape.toResult(parts, event as never, ctx);
    }
    return shape.toResult(await invokeHttp(fn, request, ctx), event as never, ctx);
  };
  return handler as LambdaHttpHandler;
}

function warm(ctx: ManagedContext): WarmupResult {
  ctx.dispose();
  return { faasade: 'warmup', coldStart: ctx.coldStart };
}

function shapeOf(event: unknown, shapes: readonly AnyShape[]): AnyShape | undefined {
  for (let i = 0; i < shapes.length; i++) if (shapes[i]!.matches(event)) return shapes[i];
  return undefined;
}

// What ALB and REST API (payload 1.0) events have in common, checked before loading their shapes.
function hasHttpMethod(event: unknown): boolean {
  return isObject(event) && 'httpMethod' in event && isObject(event.requestContext);
}

async function loadOtherShapes(): Promise<readonly AnyShape[]> {
  const { otherShapes: make } = await import('./other-shapes.js');
  return (otherShapes ??= make(kit));
}

function deadlineOf(context: LambdaContext | undefined): number | undefined {
  const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  return typeof remaining === 'number' && Number.isFinite(remaining) ? Date.now() + remaining : undefined;
}

// The error for an unmatched event (unknown-shape.ts), loaded with the payload 1.0 shapes on the first one.
async function unknownShape(event: unknown, ctx: ManagedContext): Promise<EventDecodeError> {
  const { unknownShape: describeUnknown } = await import('./other-shapes.js');
  return describeUnknown(kit, event, ctx);
}
