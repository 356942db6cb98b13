import type { IncomingMessage } from 'node:http';
import { EventDecodeError, type HttpFunction } from '@faasade/core';
import { DEFAULT_MAX_BODY_BYTES, type BufferedBody } from '@faasade/core/adapter';

/** True when the request announces no body: nothing to read, not even a microtask's worth. */
export function hasNoBody(message: IncomingMessage): boolean {
  const headers = message.headers;
  return headers['transfer-encoding'] === undefined && (headers['content-length'] === undefined || headers['content-length'] === '0');
}

/**
 * Reads a Node request's body whole, stopping (and failing with BodyTooLarge) as soon as
 * it passes the function's limit rather than buffering an unbounded upload.
 */
export async function readBody(message: IncomingMessage, fn: HttpFunction): Promise<BufferedBody> {
  const limit = fn.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const declared = Number(message.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  if (size === 0) return null;
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

function tooLarge(limit: number): EventDecodeError {
  return new EventDecodeError('BodyTooLarge', `body is larger than the function's limit of ${limit} bytes`, { path: 'body' });
}
