import type { Cookie, HttpResponseInit } from '@azure/functions';
import type { Logger } from '@faasade/core';
import { bodyBytes, type ResponseParts } from '@faasade/core/adapter';
import { toStructuredCookie } from './set-cookie.js';

/**
 * Turns response parts into the `HttpResponseInit` the library sends to the host.
 * Bodies always travel as bytes: a string would make the library's `Response` add a
 * `text/plain` content type the handler never set. One `Set-Cookie` goes out verbatim;
 * several travel as {@link splitCookies} explains.
 */
export function toResponseInit(parts: ResponseParts, requestPath: () => string, log: Logger): HttpResponseInit {
  const headers: Array<[string, string]> = parts.headers.slice();
  const init: HttpResponseInit = { status: parts.status, headers };
  if (parts.cookies.length === 1) {
    headers.push(['set-cookie', parts.cookies[0]!]);
  } else if (parts.cookies.length > 1) {
    const { raw, cookies } = splitCookies(parts.cookies, requestPath, log);
    if (raw !== undefined) headers.push(['set-cookie', raw]);
    init.cookies = cookies;
  }
  if (parts.body !== null) init.body = bodyBytes(parts.body);
  return init;
}

/**
 * Several Set-Cookie lines for a host that carries one raw line plus structured cookies.
 * When every cookie survives the structured form (the same cookie for the browser, in
 * the host's spelling), all travel structured: that also holds with
 * `app.setup({ enableHttpStream: true })`, where the library's proxy replaces a raw
 * Set-Cookie header as soon as there are structured cookies. Otherwise the raw slot goes
 * to the first cookie the structured form would change (an unknown attribute such as
 * `Partitioned`, a value the host would re-encode) and the rest travel structured; a
 * further cookie that cannot travel intact is sent as close as the host allows (or
 * dropped when its name is invalid), with a warning naming what was lost.
 */
export function splitCookies(lines: readonly string[], requestPath: () => string, log: Logger): { raw: string | undefined; cookies: Cookie[] } {
  const parsed = lines.map((line) => toStructuredCookie(line, requestPath));
  const rawIndex = parsed.findIndex((entry) => entry === undefined || !entry.exact);
  const cookies: Cookie[] = [];
  parsed.forEach((entry, index) => {
    if (index === rawIndex) return;
    if (entry === undefined) {
      log.warn('Set-Cookie dropped: Azure Functions carries only one raw Set-Cookie and this one has no valid name', { setCookie: cookieName(lines[index]!) });
      return;
    }
    if (!entry.exact) {
      log.warn('Set-Cookie changed: Azure Functions carries only one raw Set-Cookie and re-writes the others', { cookie: entry.cookie.name, lost: entry.lost });
    }
    cookies.push(entry.cookie);
  });
  return { raw: rawIndex < 0 ? undefined : lines[rawIndex], cookies };
}

// Logs name the cookie, never its value (which is often a session secret).
function cookieName(line: string): string {
  return line.split(/[=;]/, 1)[0]!.trim().slice(0, 64);
}
