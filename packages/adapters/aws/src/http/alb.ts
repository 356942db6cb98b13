import { decodePlatformBody } from '@faasade/core/adapter';
import type { AlbEvent, AlbResult } from '../types.js';
import type { EventShape } from './event-shape.js';
import { appendHeader, isObject, malformed, mapList, mapString, optionalFlag, optionalMap, requireMethod, requireString } from './fields.js';
import { encodeBody } from './result-body.js';
import { statusDescription } from './status-text.js';
import { encodedPath, encodedQuery, origin } from './url.js';

/**
 * Application Load Balancer targets. With multi-value headers enabled on the target group,
 * the event carries `multiValueHeaders` / `multiValueQueryStringParameters` and the result
 * must answer with `multiValueHeaders`; otherwise only the last value of each repeated
 * header or query key reaches the function, and one header value (one Set-Cookie) goes
 * back. ALB passes the path and the query keys and values still percent-encoded.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
 */
export const albShape: EventShape<AlbEvent, AlbResult> = {
  name: 'Application Load Balancer',

  matches(event): event is AlbEvent {
    return isObject(event) && isObject(event.requestContext) && isObject(event.requestContext.elb);
  },

  toRequest(fn, event) {
    const method = requireMethod(event.httpMethod, 'httpMethod');
    const path = requireString(event.path, 'path');
    if (path.charCodeAt(0) !== 47) throw malformed('path', 'a path starting with "/"', path);
    const multi = optionalMap(event.multiValueHeaders, 'multiValueHeaders');
    const single = multi ? undefined : optionalMap(event.headers, 'headers');
    const multiQuery = optionalMap(event.multiValueQueryStringParameters, 'multiValueQueryStringParameters');
    const singleQuery = multiQuery ? undefined : optionalMap(event.queryStringParameters, 'queryStringParameters');
    const body = decodePlatformBody(fn, event.body, optionalFlag(event.isBase64Encoded, 'isBase64Encoded'));
    // ALB lower-cases header names.
    const header = (name: string): string | undefined => {
      if (multi) {
        const list = mapList(multi[name], `multiValueHeaders.${name}`);
        return list[list.length - 1];
      }
      return mapString(single?.[name], `headers.${name}`);
    };
    return {
      method,
      url() {
        const query = rawQuery(multiQuery, singleQuery);
        const base = origin(header('x-forwarded-proto'), header('host'), 'headers.host') + encodedPath(path, 'path');
        return query === '' ? base : `${base}?${query}`;
      },
      headers() {
        const headers = new Headers();
        const source = multi ?? single;
        for (const name of Object.keys(source ?? {})) {
          if (multi) {
            for (const value of mapList(multi[name], `multiValueHeaders.${name}`)) appendHeader(headers, name, value, 'multiValueHeaders');
          } else {
            const value = mapString(single![name], `headers.${name}`);
            if (value !== undefined) appendHeader(headers, name, value, 'headers');
          }
        }
        return headers;
      },
      body,
    };
  },

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

// Keys and values are as the client sent them (still encoded): rejoin them verbatim.
function rawQuery(multi: Record<string, unknown> | undefined, single: Record<string, unknown> | undefined): string {
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
