import { EventDecodeError } from '@faasade/core';
import { malformed } from './fields.js';

/**
 * URL pieces from Lambda events. Front doors disagree on encoding: REST APIs, Function
 * URLs and ALB pass the path as the client sent it, still percent-encoded, while HTTP APIs
 * hand over a decoded path (see the live captures in hotsock/voker `ingress-paths.json`
 * and honojs/hono#2156). Query strings are raw in HTTP API 2.0, Function URL and ALB
 * events, but decoded in REST `queryStringParameters`.
 */

// In an already-encoded path: anything outside visible ASCII, `?` and `#` (which would
// end the path) and a `%` that starts no escape.
const UNSAFE_IN_ENCODED_PATH = /[^\x21-\x7E]|[?#]|%(?![0-9A-Fa-f]{2})/gu;
const UNSAFE_IN_ENCODED_QUERY = /[^\x21-\x7E]|#|%(?![0-9A-Fa-f]{2})/gu;
// In a decoded path: everything RFC 3986 does not allow literally in a path segment.
const NOT_PATH_CHAR = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu;

/** Encodes one decoded query key or value (also each unsafe character of the helpers below). */
export function encodeQueryComponent(value: string, field: string): string {
  try {
    return encodeURIComponent(value);
  } catch (cause) {
    // A lone surrogate cannot be UTF-8 encoded.
    throw new EventDecodeError('MalformedEvent', 'contains a character that is not valid Unicode', { path: field, cause });
  }
}

// `text` with each match of `unsafe` percent-encoded; the test first spares a copy in the common case.
function escapeUnsafe(text: string, unsafe: RegExp, field: string): string {
  unsafe.lastIndex = 0;
  return unsafe.test(text) ? text.replace(unsafe, (c) => encodeQueryComponent(c, field)) : text;
}

function requirePath(path: string, field: string): void {
  if (!path.startsWith('/')) throw malformed(field, 'a path starting with "/"', path);
}

/** A path the front door left percent-encoded, with only unsafe characters escaped. */
export function encodedPath(path: string, field: string): string {
  requirePath(path, field);
  return escapeUnsafe(path, UNSAFE_IN_ENCODED_PATH, field);
}

/** A path the front door decoded, percent-encoded again (a literal `%` becomes `%25`). */
export function reencodedPath(path: string, field: string): string {
  requirePath(path, field);
  return escapeUnsafe(path, NOT_PATH_CHAR, field);
}

/** A raw query string (no `?`), with only unsafe characters escaped. */
export function encodedQuery(query: string, field: string): string {
  return escapeUnsafe(query, UNSAFE_IN_ENCODED_QUERY, field);
}

// A host name or address with an optional port: anything else would let the Host header
// rewrite the path or authority of `request.url`.
const HOST = /^(?:[A-Za-z0-9\-._~]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `scheme://host` from the forwarded protocol and the Host header. */
export function origin(proto: string | undefined, host: unknown, field: string): string {
  if (typeof host !== 'string' || !HOST.test(host)) throw malformed(field, 'a host name', host);
  const scheme = proto === 'http' ? 'http' : 'https';
  return `${scheme}://${host}`;
}
