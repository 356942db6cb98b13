/**
 * The HTTP function every adapter fuzz run deploys. It touches everything an adapter builds
 * lazily (URL, headers, body, cookies) and, when asked through the query, echoes a value
 * into a response header (CR/LF must never reach the wire) or throws an internal error
 * (its message must never reach the client).
 */
import { json, onHttp } from '@faasade/core';

/** The message of the internal error; a response containing it leaks internals. */
export const INTERNAL_SECRET = 'internal detail: db password hunter2';

export const fuzzTarget = onHttp({ name: 'fuzz-target', route: '/{path+}', maxBodyBytes: 64 * 1024 }, async (request) => {
  const url = new URL(request.url);
  const body = await request.arrayBuffer();
  if (url.searchParams.has('throw')) throw new Error(INTERNAL_SECRET);
  const headers: Record<string, string> = {};
  const echo = url.searchParams.get('echo');
  if (echo !== null) headers['x-echo'] = echo;
  return json({ path: url.pathname, headers: [...request.headers].length, bytes: body.byteLength }, { headers });
});

/** True when a header name or value could split a response or smuggle a header. */
export function unsafeHeaderText(text: string): boolean {
  return /[\r\n\u0000]/.test(text);
}

/** Checks an error response body reveals nothing internal: no stack frame, no internal message. */
export function leaksInternals(body: string): boolean {
  return body.includes(INTERNAL_SECRET) || /\n\s+at\s/.test(body) || body.includes('node_modules');
}
