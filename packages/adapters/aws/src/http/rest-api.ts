import type { Context, HttpFunction } from '@faasade/core';
import type { BufferedBody, RequestParts } from '@faasade/core/adapter';
import type { ApiGatewayV1Event, ApiGatewayV1Result } from '../types.js';
import type { EventShape } from './event-shape.js';
import type { ShapeKit } from './kit.js';
import { payloadV1Headers } from './v1-headers.js';

/**
 * API Gateway REST API (and HTTP APIs set to payload format 1.0, which add
 * `version: "1.0"`). Header names keep the client's case; `multiValueHeaders` and
 * `multiValueQueryStringParameters` hold every repeat; query values arrive decoded.
 * `path` lacks the stage, so the URL uses `requestContext.path`: the path the client
 * requested, with the stage on the execute-api domain or the base path on a custom domain.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 * Loaded on demand (other-shapes.ts), with the helpers passed in as `kit`.
 */
export function restApiShape(kit: ShapeKit): EventShape<ApiGatewayV1Event, ApiGatewayV1Result> {
  const { encodeBody, isObject } = kit;
  return {
    name: 'API Gateway REST API (payload 1.0)',

    matches(event): event is ApiGatewayV1Event {
      return isObject(event) && isObject(event.requestContext) && 'httpMethod' in event && event.version !== '2.0';
    },

    toRequest: (fn, event, ctx) => new RestRequestParts(kit, fn, event, ctx),

    toResult(parts) {
      const multiValueHeaders: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
      for (let i = 0; i < parts.headers.length; i++) {
        const [name, value] = parts.headers[i]!;
        (multiValueHeaders[name] ??= []).push(value);
      }
      if (parts.cookies.length > 0) multiValueHeaders['set-cookie'] = parts.cookies;
      return { statusCode: parts.status, multiValueHeaders, ...encodeBody(parts) };
    },
  };
}

/** Request parts of a REST (or payload 1.0) event; URL and headers are built on demand. */
class RestRequestParts implements RequestParts {
  readonly method: string;
  readonly body: BufferedBody;
  readonly #event: ApiGatewayV1Event;
  readonly #path: string;
  readonly #pathField: string;
  readonly #single: Record<string, unknown> | undefined;
  readonly #multi: Record<string, unknown> | undefined;
  readonly #singleQuery: Record<string, unknown> | undefined;
  readonly #multiQuery: Record<string, unknown> | undefined;
  readonly #ctx: Context;
  readonly #kit: ShapeKit;

  constructor(kit: ShapeKit, fn: HttpFunction, event: ApiGatewayV1Event, ctx: Context) {
    const { decodePlatformBody, malformed, optionalFlag, optionalMap, requireMethod, requireString } = kit;
    this.#kit = kit;
    this.method = requireMethod(event.httpMethod, 'httpMethod');
    const contextPath = event.requestContext.path;
    const useContextPath = typeof contextPath === 'string' && contextPath.charCodeAt(0) === 47;
    this.#path = useContextPath ? contextPath : requireString(event.path, 'path');
    this.#pathField = useContextPath ? 'requestContext.path' : 'path';
    if (this.#path.charCodeAt(0) !== 47) throw malformed(this.#pathField, 'a path starting with "/"', this.#path);
    this.#single = optionalMap(event.headers, 'headers');
    this.#multi = optionalMap(event.multiValueHeaders, 'multiValueHeaders');
    this.#singleQuery = optionalMap(event.queryStringParameters, 'queryStringParameters');
    this.#multiQuery = optionalMap(event.multiValueQueryStringParameters, 'multiValueQueryStringParameters');
    this.body = decodePlatformBody(fn, event.body, optionalFlag(event.isBase64Encoded, 'isBase64Encoded'));
    this.#event = event;
    this.#ctx = ctx;
  }

  url(): string {
    const { encodedPath, origin, reencodedPath } = this.#kit;
    // HTTP APIs decode the path in 1.0 payloads too; REST APIs keep it encoded.
    const path = this.#event.version === '1.0' ? reencodedPath(this.#path, this.#pathField) : encodedPath(this.#path, this.#pathField);
    const query = this.#multiQuery ? multiValueQuery(this.#kit, this.#multiQuery) : this.#singleQuery ? singleValueQuery(this.#kit, this.#singleQuery) : '';
    const host = this.#header('host') ?? this.#event.requestContext.domainName;
    const base = origin(this.#header('x-forwarded-proto'), host, 'headers.Host');
    return query === '' ? base + path : `${base}${path}?${query}`;
  }

  headers(): Headers {
    return payloadV1Headers(this.#kit, this.#multi, this.#single);
  }

  signal(): AbortSignal {
    return this.#ctx.signal;
  }

  /** A header by case-insensitive name: REST events keep the client's spelling. */
  #header(name: string): string | undefined {
    const { mapList, mapString } = this.#kit;
    const source = this.#single ?? this.#multi;
    if (!source) return undefined;
    for (const key of Object.keys(source)) {
      if (key.length !== name.length || key.toLowerCase() !== name) continue;
      if (this.#single) return mapString(source[key], `headers.${key}`);
      const list = mapList(source[key], `multiValueHeaders.${key}`);
      return list[list.length - 1];
    }
    return undefined;
  }
}

// Query values arrive decoded; encode them again so `new URL(request.url)` decodes to the same.
function multiValueQuery({ encodeQueryComponent, mapList }: ShapeKit, params: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const name of Object.keys(params)) {
    const field = `multiValueQueryStringParameters.${name}`;
    const key = encodeQueryComponent(name, field);
    for (const value of mapList(params[name], field)) pairs.push(`${key}=${encodeQueryComponent(value, field)}`);
  }
  return pairs.join('&');
}

function singleValueQuery({ encodeQueryComponent, mapString }: ShapeKit, params: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const name of Object.keys(params)) {
    const field = `queryStringParameters.${name}`;
    const value = mapString(params[name], field);
    if (value !== undefined) pairs.push(`${encodeQueryComponent(name, field)}=${encodeQueryComponent(value, field)}`);
  }
  return pairs.join('&');
}
