import type { Cookie } from '@azure/functions';

/**
 * Why Set-Cookie needs care on Azure: the worker hands the host one map of response
 * headers, so only one raw `Set-Cookie` survives; every other cookie must travel as a
 * structured `Cookie`, which the host re-serialises with ASP.NET Core's
 * `Response.Cookies.Append`: the value percent-encoded (`Uri.EscapeDataString`), the
 * attributes limited to Domain, Path, Expires, Max-Age, Secure, HttpOnly and SameSite,
 * written in lower case, and `path=/` added when none is given.
 * https://github.com/Azure/azure-functions-host/blob/dev/src/WebJobs.Script/Binding/Http/RawScriptResult.cs
 */

/** A Set-Cookie line as a structured cookie, and whether the browser will store exactly the same cookie. */
export interface StructuredCookie {
  cookie: Cookie;
  /** False when something is lost or changed in meaning (an unknown attribute, an unencodable value…). */
  exact: boolean;
  /** What could not be carried, for the log. */
  lost: string[];
}

// RFC 6265 cookie-name: an RFC 2616 token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Largest values the host's TimeSpan / DateTimeOffset conversions accept without overflowing.
const MAX_AGE_LIMIT = 1e10;
const LAST_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59);
const SAME_SITE: Record<string, Cookie['sameSite']> = { strict: 'Strict', lax: 'Lax', none: 'None' };

/** .NET's `Uri.EscapeDataString`: everything but RFC 3986 unreserved characters is percent-encoded. */
export function escapeDataString(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Parses a Set-Cookie line into the structured cookie the host re-serialises, or
 * undefined when it has no valid `name=value` pair (the host would throw on it).
 * `requestPath` supplies the browser's default path (RFC 6265 §5.1.4) for a cookie
 * without `Path`, which the host would otherwise widen to `/`.
 */
export function toStructuredCookie(line: string, requestPath: () => string): StructuredCookie | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq).trim();
  if (eq < 0 || !TOKEN.test(name)) return undefined;
  const rawValue = pair.slice(eq + 1).trim();
  const value = decodeOrKeep(rawValue);
  const lost: string[] = [];
  if (escapeDataString(value) !== rawValue) lost.push('value encoding');
  const cookie: Cookie = { name, value };
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const text = at < 0 ? '' : attribute.slice(at + 1).trim();
    if (!applyAttribute(cookie, key, text)) lost.push(key || '(empty attribute)');
  }
  cookie.path ??= defaultPath(requestPath());
  return { cookie, exact: lost.length === 0, lost };
}

function applyAttribute(cookie: Cookie, key: string, text: string): boolean {
  switch (key) {
    case 'path':
      cookie.path = text;
      return true;
    case 'domain':
      if (text === '') return false;
      cookie.domain = text;
      return true;
    case 'secure':
      cookie.secure = true;
      return true;
    case 'httponly':
      cookie.httpOnly = true;
      return true;
    case 'samesite': {
      const mode = SAME_SITE[text.toLowerCase()];
      if (mode) cookie.sameSite = mode;
      return mode !== undefined;
    }
    case 'max-age': {
      if (!/^-?\d+$/.test(text)) return false;
      // Zero or less means "expire now" (RFC 6265 §5.2.2); the host cannot write a negative value.
      const seconds = Math.max(0, Number(text));
      if (seconds > MAX_AGE_LIMIT) return false;
      cookie.maxAge = seconds;
      return true;
    }
    case 'expires': {
      const ms = Date.parse(text);
      if (Number.isNaN(ms) || ms > LAST_DATE_MS) return false;
      // The library drops a date at or before the epoch, the usual way to delete a
      // cookie; Max-Age=0 deletes it just the same (an explicit Max-Age wins anyway).
      if (ms <= 0) cookie.maxAge ??= 0;
      else cookie.expires = new Date(ms);
      return true;
    }
    default:
      return false;
  }
}

/** RFC 6265 §5.1.4 default-path of a request path. */
export function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : pathname.slice(0, slash);
}

function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
