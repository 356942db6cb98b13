import type { HttpResponseInit } from '@azure/functions';
import type { Logger } from '@faasade/core';
import { bodyBytes, type ResponseParts } from '@faasade/core/adapter';

/**
 * Turns response parts into the `HttpResponseInit` the library sends to the host.
 * Bodies always travel as bytes: a string would make the library's `Response` add a
 * `text/plain` content type the handler never set. One `Set-Cookie` goes out verbatim;
 * several travel as `splitCookies` (cookie-split.ts) explains: call {@link cookiesReady}
 * first, which loads that translation when a response needs it.
 */
export function toResponseInit(parts: ResponseParts, requestPath: () => string, log: Logger): HttpResponseInit {
  const headers: Array<[string, string]> = parts.headers.slice();
  const init: HttpResponseInit = { status: parts.status, headers };
  if (parts.cookies.length === 1) {
    headers.push(['set-cookie', parts.cookies[0]!]);
  } else if (parts.cookies.length > 1) {
    if (!cookieSplit) throw new Error('toResponseInit: several cookies need cookiesReady() first');
    const { raw, cookies } = cookieSplit.splitCookies(parts.cookies, requestPath, log);
    if (raw !== undefined) headers.push(['set-cookie', raw]);
    init.cookies = cookies;
  }
  if (parts.body !== null) init.body = bodyBytes(parts.body);
  return init;
}

let cookieSplit: typeof import('./cookie-split.js') | undefined;

/**
 * Loads the translation of several `Set-Cookie` lines (cookie-split.ts, set-cookie.ts)
 * for a response that has them; most responses have none or one, so it stays out of
 * the cold start. Undefined when there is nothing to wait for.
 */
export function cookiesReady(parts: ResponseParts): Promise<unknown> | undefined {
  if (parts.cookies.length < 2 || cookieSplit) return undefined;
  return import('./cookie-split.js').then((module) => (cookieSplit = module));
}
