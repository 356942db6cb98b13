import type { ClientResponse } from '@faasade/contract';
import type { RpcHttpCookie, RpcHttpData, RpcInvocationResponse } from './rpc-types.js';

/**
 * What the client receives for the worker's answer, as the Functions host writes it
 * (`GrpcMessageExtensionUtilities.ConvertFromHttpMessageToExpando`, then `RawScriptResult`
 * on ASP.NET Core and Kestrel):
 * - a failed invocation is a 500 with an empty body;
 * - one header per name from the RPC header map (`content-type` becomes the content type);
 * - structured cookies appended with `Response.Cookies.Append`: value through
 *   `Uri.EscapeDataString`, attributes in ASP.NET's own spelling and order, `path=/` by default;
 * - the body bytes as they are, none for HEAD;
 * - Kestrel refuses header values outside visible ASCII, which fails the response with a 500.
 */
export function toClientResponse(outcome: { response?: RpcInvocationResponse; error?: unknown }, method: string): ClientResponse {
  const empty: ClientResponse = { status: 500, headers: [], cookies: [], body: new Uint8Array(0) };
  if (outcome.error !== undefined || !outcome.response) return empty;
  const http = outcome.response.returnValue?.http;
  // An HTTP function that returns nothing: the host answers 204 (not reached by faasade).
  if (!http) return { ...empty, status: 204 };
  const headers: Array<[string, string]> = [];
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(http.headers ?? {})) {
    if (name.toLowerCase() === 'set-cookie') cookies.push(value);
    else headers.push([name.toLowerCase(), value]);
  }
  for (const cookie of http.cookies ?? []) cookies.push(renderCookie(cookie));
  if ([...headers.map(([, value]) => value), ...cookies].some((value) => /[^\t\x20-\x7e]/.test(value))) return empty;
  const status = Number(http.statusCode || 200);
  const body = method === 'HEAD' || status === 204 || status === 304 ? new Uint8Array(0) : bodyBytes(http);
  return { status, headers, cookies, body };
}

function bodyBytes(http: RpcHttpData): Uint8Array {
  const body = http.body;
  if (body?.bytes) return new Uint8Array(body.bytes);
  if (typeof body?.string === 'string') return new TextEncoder().encode(body.string);
  return new Uint8Array(0);
}

/** `SetCookieHeaderValue.ToString()` of the cookie `Response.Cookies.Append` builds. */
export function renderCookie(cookie: RpcHttpCookie): string {
  let line = `${cookie.name ?? ''}=${escapeDataString(cookie.value ?? '')}`;
  const seconds = cookie.expires?.value?.seconds;
  if (typeof seconds === 'number') line += `; expires=${new Date(seconds * 1000).toUTCString()}`;
  const maxAge = cookie.maxAge?.value;
  if (typeof maxAge === 'number') line += `; max-age=${Math.trunc(maxAge)}`;
  if (cookie.domain?.value) line += `; domain=${cookie.domain.value}`;
  // CookieOptions.Path defaults to "/", and the host only overrides it when one is given.
  line += `; path=${cookie.path?.value ?? '/'}`;
  if (cookie.secure?.value) line += '; secure';
  const sameSite = { lax: 'lax', strict: 'strict', explicitNone: 'none' }[cookie.sameSite ?? 'none' as string];
  if (sameSite) line += `; samesite=${sameSite}`;
  if (cookie.httpOnly?.value) line += '; httponly';
  return line;
}

function escapeDataString(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
