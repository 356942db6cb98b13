import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { ResponseParts } from '@faasade/core/adapter';
import type { GcpHttpResponse } from './types.js';

// Framing is the server's job: Node computes Content-Length from the body it is given,
// and a handler's stale length or its own Transfer-Encoding would corrupt the message.
// On HEAD the handler's Content-Length is kept: it describes the body a GET would get.
const FRAMING = new Set(['content-length', 'transfer-encoding']);

/**
 * The response's headers grouped by name (repeats as arrays, `set-cookie` one entry per
 * cookie), checked with Node's own rules first so nothing is half-written when a value
 * cannot go on the wire (Node, unlike `Headers`, rejects control characters and
 * characters above U+00FF).
 * @throws TypeError (Node's `ERR_INVALID_CHAR` / `ERR_INVALID_HTTP_TOKEN`).
 */
export function responseHeaders(parts: ResponseParts, method: string): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of parts.headers) {
    if (FRAMING.has(name) && !(method === 'HEAD' && name === 'content-length')) continue;
    validateHeaderName(name);
    validateHeaderValue(name, value);
    const values = grouped.get(name);
    if (values) values.push(value);
    else grouped.set(name, [value]);
  }
  if (parts.cookies.length > 0) {
    for (const cookie of parts.cookies) validateHeaderValue('set-cookie', cookie);
    grouped.set('set-cookie', [...parts.cookies]);
  }
  return grouped;
}

/**
 * Writes a response with Node's own API: no Express helper, so no body or content type
 * is rewritten (`res.send` would add a charset, an ETag or turn a string into HTML).
 * Each repeated header goes out as its own line.
 */
export function writeResponse(res: GcpHttpResponse, status: number, headers: Map<string, string[]>, body: ResponseParts['body']): void {
  res.statusCode = status;
  for (const [name, values] of headers) res.setHeader(name, values.length === 1 ? values[0]! : values);
  if (body === null) res.end();
  else res.end(body);
}
