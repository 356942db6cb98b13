import { FaasadeConfigError, type HttpFunction } from '@faasade/core';
import { createContext, createLightRequest, errorParts, headerReader, invokeHttp, problemParts, safeStringify, type ManagedContext, type ResponseParts } from '@faasade/core/adapter';
import { readRequestBody, wasInflated } from './body.js';
import { assertAddressable, invocationId, requestHeaders, requestUrl } from './request.js';
import { responseHeaders, writeResponse } from './response.js';
import type { GcpHttpFunction, GcpHttpRequest, GcpHttpResponse } from './types.js';

// After the framework inflated a compressed body these describe bytes the handler never sees.
const INFLATED_BODY_HEADERS: ReadonlySet<string> = new Set(['content-encoding', 'content-length']);

/**
 * Turns a declared HTTP function into a Functions Framework HTTP function `(req, res)`.
 * The handler gets a Fetch `Request` built lazily from the framework's request: the
 * exact body bytes, every repeated header and cookie, and a URL made of
 * `X-Forwarded-Proto`, `Host` and the raw request target, so `new URL(request.url)` is
 * what the client asked for (percent-encoding and repeated query keys intact).
 *
 * Cloud Functions gives each function its own URL, so `fn.options.route` is not matched
 * here: every path under the function's URL reaches the handler (on a 1st gen
 * `cloudfunctions.net/<name>` URL the framework sees the path without `/<name>`).
 * `ctx.deadline` comes from `fn.options.timeoutSeconds`: the platform does not tell the
 * function its limit. The invocation id is `Function-Execution-Id`, else the trace id.
 *
 * The framework answers some requests itself, before any function runs, with an HTML
 * page: `application/json` bodies that are not a JSON object or array (400), charsets or
 * `Content-Encoding`s it does not know (415), broken percent-encoding in the path (400),
 * and `/favicon.ico` and `/robots.txt` (404). It also buffers bodies up to 1 GiB before the
 * function runs; `fn.options.maxBodyBytes` is then enforced (413) on what it read.
 *
 * @example
 * import * as functions from '@google-cloud/functions-framework';
 * functions.http('hello', gcpHandler(hello));
 * @throws FaasadeConfigError when `fn` is not an HTTP function declaration.
 */
export function gcpHandler(fn: HttpFunction): GcpHttpFunction {
  if (fn?.trigger !== 'http' || typeof fn.handler !== 'function') {
    throw new FaasadeConfigError('gcpHandler() takes an HTTP function declared with onHttp()');
  }
  return async (req, res) => {
    const method = req.method ?? 'GET';
    let ctx: ManagedContext | undefined;
    try {
      // observability: traceparent / X-Cloud-Trace-Context from the request, read only when traced
      ctx = createContext({ fn, cloud: 'gcp', invocationId: invocationId(req), event: req, platformContext: res, traceHeader: headerReader(req?.headers) });
      send(res, await answer(fn, req, method, ctx), method, ctx);
    } catch (error) {
      answerUnexpected(res, error, ctx);
    }
  };
}

async function answer(fn: HttpFunction, req: GcpHttpRequest, method: string, ctx: ManagedContext): Promise<ResponseParts> {
  let request: Request;
  try {
    assertAddressable(req);
    const body = await readRequestBody(fn, req);
    const omit = wasInflated(req) ? INFLATED_BODY_HEADERS : undefined;
    request = createLightRequest({
      method,
      url: () => requestUrl(req),
      headers: () => requestHeaders(req, omit),
      body,
      signal: () => ctx.signal,
    });
  } catch (error) {
    ctx.dispose();
    const parts = errorParts(error, ctx);
    // Whatever is left of the body is not worth reading: close instead of keeping alive.
    if (!req.readableEnded) parts.headers.push(['connection', 'close']);
    return parts;
  }
  return invokeHttp(fn, request, ctx);
}

function send(res: GcpHttpResponse, parts: ResponseParts, method: string, ctx: ManagedContext): void {
  let answer = parts;
  let headers: Map<string, string[]>;
  try {
    headers = responseHeaders(answer, method);
  } catch (error) {
    // A header value Node cannot send (a control character, a character above U+00FF).
    answer = errorParts(error, ctx);
    headers = responseHeaders(answer, method);
  }
  writeResponse(res, answer.status, headers, method === 'HEAD' ? null : answer.body);
}

// Reached only if the adapter itself fails. Answering here keeps the framework's crash
// handler, which would send the error message to the client, out of the way.
function answerUnexpected(res: GcpHttpResponse, error: unknown, ctx: ManagedContext | undefined): void {
  try {
    if (ctx) ctx.log.error('adapter failed', { status: 500, error });
    else process.stderr.write(safeStringify({ level: 'error', message: 'adapter failed', cloud: 'gcp', error }) + '\n');
    if (res.headersSent) return;
    const parts = problemParts(500, undefined);
    writeResponse(res, 500, new Map(parts.headers.map(([name, value]) => [name, [value]])), parts.body);
  } catch {
    // Nothing more can be done for this response; the process must stay up.
  }
}
