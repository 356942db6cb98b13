import type { Cookie } from '@azure/functions';
import type { Logger } from '@faasade/core';
import { toStructuredCookie } from './set-cookie.js';

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
