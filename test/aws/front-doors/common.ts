import { randomUUID } from 'node:crypto';
import type { ClientRequest, ClientResponse } from '@faasade/contract';

/** Helpers shared by the front-door encoders: what every AWS front door does alike. */

export const ACCOUNT_ID = '123456789012';
export const CLIENT_IP = '203.0.113.9';

/** The query string as a client puts it on the wire (form encoding, as `URLSearchParams` does). */
export function wireQuery(request: ClientRequest): string {
  return new URLSearchParams(request.query).toString();
}

/** A `%XX` decode of a path as servers do it (`%2F` becomes `/`); undefined when malformed. */
export function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** A header value from a request (names are lower case in ClientRequest). */
export function requestHeader(request: ClientRequest, name: string): string | undefined {
  return request.headers.findLast(([n]) => n === name)?.[1];
}

/** The body as a Lambda event field: text when `isText` says so and it is UTF-8, otherwise base64. */
export function eventBody(body: Uint8Array | null, isText: boolean): { body: string | undefined; isBase64Encoded: boolean } {
  if (body === null || body.byteLength === 0) return { body: undefined, isBase64Encoded: false };
  if (isText) {
    try {
      return { body: new TextDecoder('utf-8', { fatal: true }).decode(body), isBase64Encoded: false };
    } catch {
      // Not UTF-8: the front door base64-encodes it.
    }
  }
  return { body: Buffer.from(body).toString('base64'), isBase64Encoded: true };
}

/** The bytes a front door sends the client for a result body. */
export function resultBytes(body: unknown, isBase64Encoded: unknown): Uint8Array {
  if (typeof body !== 'string' || body === '') return new Uint8Array(0);
  return new Uint8Array(isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'));
}

/** An error the front door itself answers with (JSON `{"message": ...}` as API Gateway does). */
export function gatewayResponse(status: number, message: string): ClientResponse {
  return {
    status,
    headers: [['content-type', 'application/json']],
    cookies: [],
    body: new TextEncoder().encode(JSON.stringify({ message })),
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits response headers into plain ones and Set-Cookie values, names lower-cased. */
export function collectHeaders(pairs: Iterable<[string, unknown]>): Pick<ClientResponse, 'headers' | 'cookies'> {
  const headers: Array<[string, string]> = [];
  const cookies: string[] = [];
  for (const [rawName, value] of pairs) {
    const name = rawName.toLowerCase();
    if (name === 'set-cookie') cookies.push(String(value));
    else headers.push([name, String(value)]);
  }
  return { headers, cookies };
}

export const requestId = (): string => randomUUID();
export const traceId = (): string => `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`;

/** `17/Jun/2024:15:52:39 +0000`, the request time format of API Gateway events. */
export function requestTime(date = new Date()): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
