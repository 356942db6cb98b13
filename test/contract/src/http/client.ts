import type { ClientRequest, ClientResponse } from './types.js';

/** A ClientRequest with defaults filled in. */
export function clientRequest(partial: Partial<ClientRequest> & Pick<ClientRequest, 'path'>): ClientRequest {
  return { method: 'GET', query: [], headers: [], cookies: [], body: null, ...partial };
}

/** The first value of a response header (names are lower case). */
export function header(response: ClientResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n === name)?.[1];
}

/** The response body as UTF-8 text. */
export function bodyText(response: ClientResponse): string {
  return new TextDecoder().decode(response.body);
}

/** The response body parsed as JSON. */
export function bodyJson<T = unknown>(response: ClientResponse): T {
  return JSON.parse(bodyText(response)) as T;
}

/** Every byte value once, in order: the strictest binary round trip. */
export function allBytes(): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, i) => i);
}

/**
 * A Set-Cookie header as a browser understands it: name, decoded value, and attributes
 * with lower-case names in sorted order, so equal cookies compare equal however a host
 * spelled them.
 */
export function parseSetCookie(header: string): { name: string; value: string; attributes: string[] } {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  const attrs = attributes.filter(Boolean).map((attribute) => {
    const at = attribute.indexOf('=');
    return at === -1 ? attribute.toLowerCase() : `${attribute.slice(0, at).toLowerCase()}=${attribute.slice(at + 1)}`;
  });
  return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), attributes: attrs.sort() };
}
