import type { HttpRequest } from '@azure/functions';
import { EventDecodeError, type Context, type HttpFunction } from '@faasade/core';
import { DEFAULT_MAX_BODY_BYTES, checkBodySize, createLightRequest } from '@faasade/core/adapter';

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

/**
 * The handler's Fetch `Request` for an Azure `HttpRequest`. The host already built an
 * absolute URL (scheme and host as the client used them, path and query as sent) and
 * the headers (repeats joined, cookies included), so those pass through lazily; the body
 * is read here as exact bytes, within the function's `maxBodyBytes`.
 * @throws EventDecodeError `MalformedEvent` for an object that is not an HTTP request,
 *   `BodyTooLarge` or `InvalidBody` for the body.
 */
export async function toFetchRequest(fn: HttpFunction, request: HttpRequest, ctx: Context): Promise<Request> {
  const { method, url, headers } = checkShape(request);
  const body = NO_BODY_METHODS.has(method) ? null : await readBody(fn, request, headers);
  return createLightRequest({
    method,
    url: () => url,
    // A copy, so a handler's edits never reach the library's own request.
    headers: () => new Headers(headers),
    body,
    signal: () => ctx.signal,
  });
}

function checkShape(request: HttpRequest): { method: string; url: string; headers: Headers } {
  if (typeof request !== 'object' || request === null) {
    throw new EventDecodeError('MalformedEvent', `expected an Azure HttpRequest, got ${request === null ? 'null' : typeof request}`, { path: 'request' });
  }
  const { method, url, headers } = request;
  if (typeof method !== 'string' || method === '') throw new EventDecodeError('MalformedEvent', 'request method is missing', { path: 'request.method' });
  if (typeof url !== 'string' || !/^https?:\/\/[^/?#]+/i.test(url)) {
    throw new EventDecodeError('MalformedEvent', 'request url is not an absolute http(s) URL', { path: 'request.url' });
  }
  // Duck-typed: a library built on undici's own fetch classes hands over their Headers.
  if (typeof (headers as Headers | undefined)?.get !== 'function' || typeof (headers as Headers)[Symbol.iterator] !== 'function') {
    throw new EventDecodeError('MalformedEvent', 'request headers are missing', { path: 'request.headers' });
  }
  return { method: method.toUpperCase(), url, headers };
}

/**
 * The body bytes, or null for none. A declared `Content-Length` over the limit is refused
 * before reading; without one (a streamed request), reading stops as soon as the limit
 * is passed, so an oversized upload is never held whole in memory.
 */
async function readBody(fn: HttpFunction, request: HttpRequest, headers: Headers): Promise<Uint8Array | null> {
  const declared = contentLength(headers);
  if (declared !== undefined) checkBodySize(fn, declared);
  if (request.body === null || request.body === undefined) return null;
  let bytes: Uint8Array;
  try {
    bytes = declared === undefined ? await readCapped(fn, request) : new Uint8Array(await request.arrayBuffer());
  } catch (error) {
    if (error instanceof EventDecodeError) throw error;
    throw new EventDecodeError('InvalidBody', 'the request body could not be read', { path: 'body', cause: error });
  }
  checkBodySize(fn, bytes.byteLength);
  return bytes.byteLength === 0 ? null : bytes;
}

function contentLength(headers: Headers): number | undefined {
  const value = headers.get('content-length')?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

async function readCapped(fn: HttpFunction, request: HttpRequest): Promise<Uint8Array> {
  const limit = fn.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => {});
      checkBodySize(fn, length);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}
