import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { HttpFunction } from '@faasade/core';
import { createContext, errorParts, invokeHttp, type ManagedContext, type ResponseParts } from '@faasade/core/adapter';
import { contextLogSink } from './log-sink.js';
import { toFetchRequest } from './request.js';
import { cookiesReady, toResponseInit } from './response.js';

/** The handler `app.http` takes, as `azureHandler` returns it. */
export type AzureHttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/**
 * Wraps a faasade HTTP function as an Azure Functions v4 HTTP handler. Usually
 * {@link registerAzureFunctions} does this for you; use it directly to register with
 * your own `app.http` options.
 *
 * `ctx.invocationId` is `context.invocationId`; `ctx.deadline` comes from the declared
 * `timeoutSeconds` (default 60), since the host does not tell a function its deadline.
 * The returned promise never rejects: bad input becomes a 4xx, a failing handler a 500.
 *
 * @example
 * app.http('hello', { route: 'hello', methods: ['GET', 'POST'], authLevel: 'function', handler: azureHandler(hello) });
 */
export function azureHandler(fn: HttpFunction): AzureHttpHandler {
  return async (request, context) => {
    const ctx = createContext({
      fn,
      cloud: 'azure',
      invocationId: typeof context?.invocationId === 'string' ? context.invocationId : undefined,
      event: request,
      platformContext: context,
      logSink: contextLogSink(context),
      traceparent: context?.traceContext?.traceParent ?? undefined, tracestate: context?.traceContext?.traceState ?? undefined, traceHeader: (name) => request?.headers?.get(name) ?? undefined, // observability: the host's trace context, then the request's headers
    });
    const parts = await answer(fn, request, ctx);
    const ready = cookiesReady(parts);
    if (ready) await ready;
    try {
      return toResponseInit(parts, () => requestPath(request), ctx.log);
    } catch (error) {
      // Only reachable through a bug here; still an answer rather than a failed invocation.
      return toResponseInit(errorParts(error, ctx), () => '/', ctx.log);
    }
  };
}

async function answer(fn: HttpFunction, request: HttpRequest, ctx: ManagedContext): Promise<ResponseParts> {
  let fetchRequest: Request;
  try {
    fetchRequest = await toFetchRequest(fn, request, ctx);
  } catch (error) {
    ctx.dispose();
    return errorParts(error, ctx);
  }
  return invokeHttp(fn, fetchRequest, ctx);
}

function requestPath(request: HttpRequest): string {
  try {
    return new URL(request.url).pathname;
  } catch {
    return '/';
  }
}
