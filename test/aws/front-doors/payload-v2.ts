import type { ClientRequest, ClientResponse } from '@faasade/contract';
import { CLIENT_IP, collectHeaders, eventBody, isObject, requestHeader, resultBytes, traceId, wireQuery } from './common.js';

/**
 * What HTTP APIs and Function URLs share (payload format 2.0): lower-case header names with
 * repeats joined by commas, cookies in an array, the query as sent plus a decoded map with
 * repeats joined by commas, text bodies as text and anything else base64.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */

// Bodies of these types travel as text; every other type is base64-encoded (a Function
// URL sent `content-type: idk` as base64 in the captured vendor fixture).
const TEXT_TYPES = /^(?:text\/|application\/(?:json|javascript|xml)\b|application\/[\w.+-]+\+(?:json|xml)\b)/i;

export function isTextBody(request: ClientRequest): boolean {
  return TEXT_TYPES.test(requestHeader(request, 'content-type') ?? '');
}

/** The 2.0 `headers` map: platform headers first, repeats joined with "," (no space). */
export function v2Headers(request: ClientRequest, host: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  const add = (name: string, value: string) => (headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`);
  for (const [name, value] of request.headers) add(name.toLowerCase(), value);
  if (request.body && request.body.byteLength > 0) headers['content-length'] = String(request.body.byteLength);
  Object.assign(headers, { host, 'x-amzn-trace-id': traceId(), 'x-forwarded-for': CLIENT_IP, 'x-forwarded-port': '443', 'x-forwarded-proto': 'https' }, extra);
  return headers;
}

/** The fields of a 2.0 event that do not depend on the front door. */
export function v2Common(request: ClientRequest): Record<string, unknown> {
  const query: Record<string, string> = {};
  for (const [name, value] of request.query) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawQueryString: wireQuery(request),
    ...(request.cookies.length > 0 ? { cookies: [...request.cookies] } : {}),
    ...(request.query.length > 0 ? { queryStringParameters: query } : {}),
  };
  const { body, isBase64Encoded } = eventBody(request.body, isTextBody(request));
  if (body !== undefined) event.body = body;
  event.isBase64Encoded = isBase64Encoded;
  return event;
}

/**
 * What the client receives for a 2.0 result. A result without `statusCode` is taken as
 * the body of a 200 JSON answer, as the docs describe.
 */
export function v2ClientResponse(result: unknown, request: ClientRequest): ClientResponse {
  if (!isObject(result) || typeof result.statusCode !== 'number') {
    return { status: 200, headers: [['content-type', 'application/json']], cookies: [], body: new TextEncoder().encode(JSON.stringify(result)) };
  }
  const { headers, cookies } = collectHeaders(Object.entries(isObject(result.headers) ? result.headers : {}));
  if (Array.isArray(result.cookies)) cookies.push(...result.cookies.map(String));
  const body = request.method === 'HEAD' ? new Uint8Array(0) : resultBytes(result.body, result.isBase64Encoded);
  return { status: result.statusCode, headers, cookies, body };
}
