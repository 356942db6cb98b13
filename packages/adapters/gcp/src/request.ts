import { EventDecodeError } from '@faasade/core';
import type { GcpHttpRequest } from './types.js';

// Host names and IP literals that `new URL()` accepts as they are, with an optional port.
// Anything else (spaces, slashes, userinfo) would make `request.url` lie or throw.
const HOST = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;
const SCHEMES = new Set(['http', 'https']);

/** The absolute URL the client requested, built from the front end's headers and the raw request target. */
export function requestUrl(req: GcpHttpRequest): string {
  return `${scheme(req)}://${host(req)}${pathAndQuery(req)}`;
}

/**
 * Checks, before the handler runs, what the lazily built URL depends on, so a malformed
 * request is a 400 rather than a `TypeError` inside the handler.
 * @throws EventDecodeError `MalformedEvent` naming the header or field.
 */
export function assertAddressable(req: GcpHttpRequest): void {
  host(req);
  pathAndQuery(req);
}

// Cloud Run's front end terminates TLS and says so in X-Forwarded-Proto; the socket
// itself is plain HTTP. https://cloud.google.com/run/docs/container-contract
function scheme(req: GcpHttpRequest): string {
  const forwarded = firstHeader(req, 'x-forwarded-proto')?.split(',', 1)[0]!.trim().toLowerCase();
  if (forwarded !== undefined && SCHEMES.has(forwarded)) return forwarded;
  return (req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http';
}

// The Host header is what the client typed (Cloud Run passes it through). X-Forwarded-Host
// is not trusted: any client can send it and Cloud Run does not overwrite it.
function host(req: GcpHttpRequest): string {
  const value = firstHeader(req, 'host');
  const match = value === undefined ? null : HOST.exec(value);
  if (!match || (match[1] !== undefined && Number(match[1]) > 65535)) {
    throw new EventDecodeError('MalformedEvent', 'Host header is missing or is not a valid host name', { path: 'headers.host' });
  }
  return value!.toLowerCase();
}

// `originalUrl` is the request target exactly as received (Node does not decode or
// normalise it), so percent-encoding and repeated query keys reach `new URL()` intact.
function pathAndQuery(req: GcpHttpRequest): string {
  const target = req.originalUrl ?? req.url ?? '';
  if (target.startsWith('/')) return target;
  // Absolute form (`GET http://host/path`), which proxies send: keep its path and query.
  const authorityEnd = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  if (authorityEnd) {
    const rest = target.slice(authorityEnd[0].length);
    return rest.startsWith('/') ? rest : `/${rest}`;
  }
  throw new EventDecodeError('MalformedEvent', `request target ${JSON.stringify(target.slice(0, 64))} is not a path`, { path: 'url' });
}

/**
 * A single-valued header, or undefined. Read from Node's joined `headers` (already built
 * for the framework's middleware): it keeps the first Host or Content-Length and joins
 * other repeats with ", ", which the callers split or reject.
 */
export function firstHeader(req: GcpHttpRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The request headers as Fetch `Headers`, every repeat kept: several `Cookie` headers
 * join with "; ", other repeats with ", " (as the Fetch standard does).
 * `omit` drops headers that no longer describe the body the handler gets.
 */
export function requestHeaders(req: GcpHttpRequest, omit?: ReadonlySet<string>): Headers {
  const headers = new Headers();
  const distinct = req.headersDistinct;
  if (distinct) {
    for (const name in distinct) {
      if (omit?.has(name)) continue;
      for (const value of distinct[name] ?? []) headers.append(name, value);
    }
    return headers;
  }
  for (const name in req.headers) {
    if (omit?.has(name)) continue;
    const value = req.headers[name];
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
}

// Execution ids and trace ids are tokens; anything else is not a trustworthy id.
const ID = /^[\w.:-]{1,128}$/;

/**
 * The invocation id: the `Function-Execution-Id` header (Cloud Functions 1st gen), else
 * the execution id the Functions Framework gives every request (the one it logs as
 * `execution_id`), else undefined (the context then makes a UUID). Never the trace id:
 * a caller propagating one trace into two invocations would give both the same id.
 */
export function invocationId(req: GcpHttpRequest): string | undefined {
  const execution = firstHeader(req, 'function-execution-id') ?? req.executionId;
  return execution !== undefined && ID.test(execution) ? execution : undefined;
}
