import type { Context, HttpFunction } from '@faasade/core';
import type { BufferedBody, RequestParts } from '@faasade/core/adapter';
import type { AlbEvent, AlbResult } from '../types.js';
import type { EventShape } from './event-shape.js';
import type { ShapeKit } from './kit.js';
import { statusDescription } from './status-text.js';
import { payloadV1Headers } from './v1-headers.js';

/**
 * Application Load Balancer targets. With multi-value headers enabled on the target group,
 * the event carries `multiValueHeaders` / `multiValueQueryStringParameters` and the result
 * must answer with `multiValueHeaders`; otherwise only the last value of each repeated
 * header or query key reaches the function, and one header value (one Set-Cookie) goes
 * back. ALB passes the path and the query keys and values still percent-encoded.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
 * Loaded on demand (other-shapes.ts), with the helpers passed in as `kit`.
 */
export function albShape(kit: ShapeKit): EventShape<AlbEvent, AlbResult> {
  const { encodeBody, isObject } = kit;
  return {
    name: 'Application Load Balancer',

    matches(event): event is AlbEvent {
      return isObject(event) && isObject(event.requestContext) && isObject(event.requestContext.elb);
    },

    toRequest: (fn, event, ctx) => new AlbRequestParts(kit, fn, event, ctx),

    toResult(parts, event, ctx) {
      const base = { statusCode: parts.status, statusDescription: statusDescription(parts.status), ...encodeBody(parts) };
      if (isObject(event.multiValueHeaders)) {
        const multiValueHeaders: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
        for (const [name, value] of parts.headers) (multiValueHeaders[name] ??= []).push(value);
        if (parts.cookies.length > 0) multiValueHeaders['set-cookie'] = parts.cookies;
        return { ...base, multiValueHeaders };
      }
      const headers: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [name, value] of parts.headers) headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      if (parts.cookies.length > 0) {
        // Set-Cookie values cannot be joined; without multi-value headers ALB carries one.
        if (parts.cookies.length > 1) {
          ctx.log.warn('ALB target group without multi-value headers can return one Set-Cookie: sending the last', {
            dropped: parts.cookies.length - 1,
          });
        }
        headers['set-cookie'] = parts.cookies[parts.cookies.length - 1]!;
      }
      return { ...base, headers };
    },
  };
}

/** Request parts of an ALB event, in either header format; URL and headers built on demand. */
class AlbRequestParts implements RequestParts {
  readonly method: string;
  readonly body: BufferedBody;
  readonly #path: string;
  readonly #single: Record<string, unknown> | undefined;
  readonly #multi: Record<string, unknown> | undefined;
  readonly #singleQuery: Record<string, unknown> | undefined;
  readonly #multiQuery: Record<string, unknown> | undefined;
  readonly #ctx: Context;
  readonly #kit: ShapeKit;

  constructor(kit: ShapeKit, fn: HttpFunction, event: AlbEvent, ctx: Context) {
    const { decodePlatformBody, malformed, optionalFlag, optionalMap, requireMethod, requireString } = kit;
    this.#kit = kit;
    this.method = requireMethod(event.httpMethod, 'httpMethod');
    this.#path = requireString(event.path, 'path');
    if (this.#path.charCodeAt(0) !== 47) throw malformed('path', 'a path starting with "/"', this.#path);
    this.#multi = optionalMap(event.multiValueHeaders, 'multiValueHeaders');
    this.#single = this.#multi ? undefined : optionalMap(event.headers, 'headers');
    this.#multiQuery = optionalMap(event.multiValueQueryStringParameters, 'multiValueQueryStringParameters');
    this.#singleQuery = this.#multiQuery ? undefined : optionalMap(event.queryStringParameters, 'queryStringParameters');
    this.body = decodePlatformBody(fn, event.body, optionalFlag(event.isBase64Encoded, 'isBase64Encoded'));
    this.#ctx = ctx;
  }

  url(): string {
    const { encodedPath, origin } = this.#kit;
    const query = rawQuery(this.#kit, this.#multiQuery, this.#singleQuery);
    const base = origin(this.#header('x-forwarded-proto'), this.#header('host'), 'headers.host') + encodedPath(this.#path, 'path');
    return query === '' ? base : `${base}?${query}`;
  }

  headers(): Headers {
    return payloadV1Headers(this.#kit, this.#multi, this.#single);
  }

  signal(): AbortSignal {
    return this.#ctx.signal;
  }

  // ALB lower-cases header names.
  #header(name: string): string | undefined {
    const { mapList, mapString } = this.#kit;
    if (this.#multi) {
      const list = mapList(this.#multi[name], `multiValueHeaders.${name}`);
      return list[list.length - 1];
    }
    return mapString(this.#single?.[name], `headers.${name}`);
  }
}

// Keys and values are as the client sent them (still encoded): rejoin them verbatim.
function rawQuery({ encodedQuery, mapList, mapString }: ShapeKit, multi: Record<string, unknown> | undefined, single: Record<string, unknown> | undefined): string {
  const pairs: string[] = [];
  if (multi) {
    for (const name of Object.keys(multi)) {
      for (const value of mapList(multi[name], `multiValueQueryStringParameters.${name}`)) pairs.push(`${name}=${value}`);
    }
  } else if (single) {
    for (const name of Object.keys(single)) {
      const value = mapString(single[name], `queryStringParameters.${name}`);
      if (value !== undefined) pairs.push(`${name}=${value}`);
    }
  }
  return encodedQuery(pairs.join('&'), 'multiValueQueryStringParameters');
}
