import { decodePlatformBody } from '@faasade/core/adapter';
import type { ApiGatewayV1Event, ApiGatewayV1Result } from '../types.js';
import type { EventShape } from './event-shape.js';
import { appendHeader, isObject, malformed, mapList, mapString, optionalFlag, optionalMap, requireMethod, requireString } from './fields.js';
import { encodeBody } from './result-body.js';
import { encodeQueryComponent, encodedPath, origin, reencodedPath } from './url.js';

/**
 * API Gateway REST API (and HTTP APIs set to payload format 1.0, which add
 * `version: "1.0"`). Header names keep the client's case; `multiValueHeaders` and
 * `multiValueQueryStringParameters` hold every repeat; query values arrive decoded.
 * `path` lacks the stage, so the URL uses `requestContext.path`: the path the client
 * requested, with the stage on the execute-api domain or the base path on a custom domain.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
export const restApiShape: EventShape<ApiGatewayV1Event, ApiGatewayV1Result> = {
  name: 'API Gateway REST API (payload 1.0)',

  matches(event): event is ApiGatewayV1Event {
    return isObject(event) && isObject(event.requestContext) && 'httpMethod' in event && event.version !== '2.0';
  },

  toRequest(fn, event) {
    const method = requireMethod(event.httpMethod, 'httpMethod');
    const context = event.requestContext;
    const contextPath = context.path;
    const useContextPath = typeof contextPath === 'string' && contextPath.charCodeAt(0) === 47;
    const path = useContextPath ? contextPath : requireString(event.path, 'path');
    const pathField = useContextPath ? 'requestContext.path' : 'path';
    if (path.charCodeAt(0) !== 47) throw malformed(pathField, 'a path starting with "/"', path);
    // HTTP APIs decode the path in 1.0 payloads too; REST APIs keep it encoded.
    const pathIsDecoded = event.version === '1.0';
    const single = optionalMap(event.headers, 'headers');
    const multi = optionalMap(event.multiValueHeaders, 'multiValueHeaders');
    const singleQuery = optionalMap(event.queryStringParameters, 'queryStringParameters');
    const multiQuery = optionalMap(event.multiValueQueryStringParameters, 'multiValueQueryStringParameters');
    const body = decodePlatformBody(fn, event.body, optionalFlag(event.isBase64Encoded, 'isBase64Encoded'));
    const header = (name: string): string | undefined => findHeader(single, multi, name);
    return {
      method,
      url() {
        const encoded = pathIsDecoded ? reencodedPath(path, pathField) : encodedPath(path, pathField);
        const query = multiQuery ? multiValueQuery(multiQuery) : singleQuery ? singleValueQuery(singleQuery) : '';
        const base = origin(header('x-forwarded-proto'), header('host') ?? context.domainName, 'headers.Host');
        return query === '' ? base + encoded : `${base}${encoded}?${query}`;
      },
      headers() {
        const headers = new Headers();
        if (multi) {
          for (const name of Object.keys(multi)) {
            for (const value of mapList(multi[name], `multiValueHeaders.${name}`)) appendHeader(headers, name, value, 'multiValueHeaders');
          }
        } else if (single) {
          for (const name of Object.keys(single)) {
            const value = mapString(single[name], `headers.${name}`);
            if (value !== undefined) appendHeader(headers, name, value, 'headers');
          }
        }
        return headers;
      },
      body,
    };
  },

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

/** A header by case-insensitive name: REST events keep the client's spelling. */
function findHeader(single: Record<string, unknown> | undefined, multi: Record<string, unknown> | undefined, name: string): string | undefined {
  const source = single ?? multi;
  if (!source) return undefined;
  for (const key of Object.keys(source)) {
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const value = source[key];
    if (single) return mapString(value, `headers.${key}`);
    const list = mapList(value, `multiValueHeaders.${key}`);
    return list[list.length - 1];
  }
  return undefined;
}

// Query values arrive decoded; encode them again so `new URL(request.url)` decodes to the same.
function multiValueQuery(params: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const name of Object.keys(params)) {
    const field = `multiValueQueryStringParameters.${name}`;
    const key = encodeQueryComponent(name, field);
    for (const value of mapList(params[name], field)) pairs.push(`${key}=${encodeQueryComponent(value, field)}`);
  }
  return pairs.join('&');
}

function singleValueQuery(params: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const name of Object.keys(params)) {
    const field = `queryStringParameters.${name}`;
    const value = mapString(params[name], field);
    if (value !== undefined) pairs.push(`${encodeQueryComponent(name, field)}=${encodeQueryComponent(value, field)}`);
  }
  return pairs.join('&');
}
