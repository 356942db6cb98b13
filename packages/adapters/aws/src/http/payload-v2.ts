import type { Context, HttpFunction } from '@faasade/core';
import { decodePlatformBody, type BufferedBody, type RequestParts, type ResponseParts } from '@faasade/core/adapter';
import type { ApiGatewayV2Event, ApiGatewayV2Result } from '../types.js';
import { appendHeader, isObject, malformed, mapList, mapString, optionalFlag, optionalMap, requireMethod, requireString } from './fields.js';
import { encodeBody } from './result-body.js';
import { encodedPath, encodedQuery, origin, reencodedPath } from './url.js';

/**
 * Payload format 2.0, shared by HTTP APIs and Function URLs: lower-case header names,
 * repeated headers joined with commas, cookies in their own array, the raw query string.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */

/** Payload 2.0: `version: "2.0"` with a request context. */
export function isPayloadV2(event: unknown): event is ApiGatewayV2Event {
  return isObject(event) && event.version === '2.0' && isObject(event.requestContext);
}

/**
 * Request parts of a 2.0 event. `pathIsDecoded` is true for HTTP APIs, which hand over
 * `rawPath` percent-decoded, and false for Function URLs, which keep it as sent.
 */
export class V2RequestParts implements RequestParts {
  readonly method: string;
  readonly body: BufferedBody;
  readonly #event: ApiGatewayV2Event;
  readonly #rawPath: string;
  readonly #rawQuery: string;
  readonly #headers: Record<string, unknown> | undefined;
  readonly #pathIsDecoded: boolean;
  readonly #ctx: Context;

  constructor(fn: HttpFunction, event: ApiGatewayV2Event, ctx: Context, pathIsDecoded: boolean) {
    const http: unknown = event.requestContext.http;
    if (!isObject(http)) throw malformed('requestContext.http', 'an object', http);
    this.method = requireMethod(http.method, 'requestContext.http.method');
    const rawPath = requireString(event.rawPath, 'rawPath');
    if (rawPath.charCodeAt(0) !== 47) throw malformed('rawPath', 'a path starting with "/"', rawPath);
    const rawQuery = event.rawQueryString ?? '';
    if (typeof rawQuery !== 'string') throw malformed('rawQueryString', 'a string', rawQuery);
    const cookies: unknown = event.cookies;
    if (cookies !== undefined && cookies !== null && !Array.isArray(cookies)) throw malformed('cookies', 'an array of strings', cookies);
    this.#headers = optionalMap(event.headers, 'headers');
    this.body = decodePlatformBody(fn, event.body, optionalFlag(event.isBase64Encoded, 'isBase64Encoded'));
    this.#event = event;
    this.#rawPath = rawPath;
    this.#rawQuery = rawQuery;
    this.#pathIsDecoded = pathIsDecoded;
    this.#ctx = ctx;
  }

  url(): string {
    const headers = this.#headers;
    const path = this.#pathIsDecoded ? reencodedPath(this.#rawPath, 'rawPath') : encodedPath(this.#rawPath, 'rawPath');
    const proto = mapString(headers?.['x-forwarded-proto'], 'headers.x-forwarded-proto');
    const base = origin(proto, headers?.host ?? this.#event.requestContext.domainName, 'headers.host');
    return this.#rawQuery === '' ? base + path : `${base}${path}?${encodedQuery(this.#rawQuery, 'rawQueryString')}`;
  }

  headers(): Headers {
    const result = new Headers();
    const headers = this.#headers;
    if (headers) {
      for (const name of Object.keys(headers)) {
        const value = mapString(headers[name], `headers.${name}`);
        if (value !== undefined) appendHeader(result, name, value, 'headers');
      }
    }
    // The Cookie header travels in `cookies` (HTTP APIs drop it from `headers`; Function
    // URLs keep both): one header again, as the client sent it.
    const cookies = mapList(this.#event.cookies, 'cookies');
    if (cookies.length > 0) {
      result.delete('cookie');
      appendHeader(result, 'cookie', cookies.join('; '), 'cookies');
    }
    return result;
  }

  signal(): AbortSignal {
    return this.#ctx.signal;
  }
}

/** The 2.0 result: one value per header name (repeats joined), Set-Cookie in `cookies`. */
export function resultV2(parts: ResponseParts): ApiGatewayV2Result {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < parts.headers.length; i++) {
    const [name, value] = parts.headers[i]!;
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  }
  const { body, isBase64Encoded } = encodeBody(parts);
  const result: ApiGatewayV2Result = { statusCode: parts.status, headers, body, isBase64Encoded };
  if (parts.cookies.length > 0) result.cookies = parts.cookies;
  return result;
}
