import { EventDecodeError } from '../errors/event-error.js';
import type { HttpFunction } from '../function/types.js';
import type { BufferedBody } from './body.js';

/** Lambda's own payload limit; a sane default for every cloud. */
export const DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/**
 * Decodes a body handed over as a string, base64 or not, and enforces the function's
 * body limit. Base64 is checked strictly: Node's decoder silently drops invalid
 * characters, which would hand the handler corrupt bytes.
 * @throws EventDecodeError `InvalidBody` or `BodyTooLarge`.
 */
export function decodePlatformBody(fn: HttpFunction, body: unknown, isBase64: unknown, path = 'body'): BufferedBody {
  if (body === undefined || body === null || body === '') return null;
  if (typeof body !== 'string') throw new EventDecodeError('MalformedEvent', `body must be a string, got ${typeof body}`, { path });
  const limit = fn.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (isBase64 === true) {
    // Checked before decoding so an oversized body is never decoded.
    if (Math.floor((body.length * 3) / 4) - 2 > limit) throw tooLarge(limit, path);
    if (!BASE64.test(body)) throw new EventDecodeError('InvalidBody', 'body is marked base64 but is not valid base64', { path });
    const bytes = Buffer.from(body, 'base64');
    if (bytes.byteLength > limit) throw tooLarge(limit, path);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (body.length > limit || (body.length * 3 > limit && Buffer.byteLength(body) > limit)) throw tooLarge(limit, path);
  return body;
}

/** Enforces the body limit on bytes the platform already decoded. */
export function checkBodySize(fn: HttpFunction, byteLength: number, path = 'body'): void {
  const limit = fn.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (byteLength > limit) throw tooLarge(limit, path);
}

function tooLarge(limit: number, path: string): EventDecodeError {
  return new EventDecodeError('BodyTooLarge', `body is larger than the function's limit of ${limit} bytes`, { path });
}

const TEXT_TYPES = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-ndjson)\b|image\/svg\+xml)/i;

/**
 * Whether a response body of this content type can travel as text; otherwise adapters
 * that need a string (Lambda) send base64. No content type counts as binary, so bytes
 * are never mangled.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPES.test(contentType);
}
