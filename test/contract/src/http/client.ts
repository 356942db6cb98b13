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
