import { EventDecodeError, type HttpFunction } from '@faasade/core';
import { checkBodySize, type BufferedBody } from '@faasade/core/adapter';
import { firstHeader } from './request.js';
import type { GcpHttpRequest } from './types.js';

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

/**
 * The request body as bytes, null when there is none. The framework's body parsers
 * have usually read it already (`rawBody`); they skip a request without a
 * `Content-Type`, whose body is then still in the stream and read here.
 * @throws EventDecodeError `BodyTooLarge` over the function's `maxBodyBytes` (checked
 *   against `Content-Length` before reading, so an oversized upload is not buffered),
 *   `InvalidBody` when the client goes away mid-body.
 */
export async function readRequestBody(fn: HttpFunction, req: GcpHttpRequest): Promise<BufferedBody> {
  // The Request a handler gets has no body for these methods (the Fetch standard).
  if (NO_BODY_METHODS.has(req.method ?? 'GET')) return null;
  if (req.rawBody !== undefined) {
    checkBodySize(fn, req.rawBody.byteLength);
    return req.rawBody.byteLength === 0 ? null : req.rawBody;
  }
  if (req.readableEnded) return null;
  const declared = Number(firstHeader(req, 'content-length') ?? 0);
  if (declared > 0) checkBodySize(fn, declared);
  return readStream(fn, req);
}

/** Whether the body was inflated by the framework, so its `Content-Encoding` no longer applies. */
export function wasInflated(req: GcpHttpRequest): boolean {
  const encoding = firstHeader(req, 'content-encoding');
  return req.rawBody !== undefined && encoding !== undefined && encoding.trim().toLowerCase() !== 'identity';
}

function readStream(fn: HttpFunction, req: GcpHttpRequest): Promise<BufferedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = (): void => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('close', onClose);
    };
    const fail = (error: unknown): void => {
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      length += bytes.byteLength;
      try {
        checkBodySize(fn, length);
      } catch (error) {
        // Stop buffering; the 413 goes out with `Connection: close` so the rest is never read.
        fail(error);
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(length === 0 ? null : Buffer.concat(chunks, length));
    };
    const onError = (error: Error): void => fail(unreadable(error));
    // A stream closed before its end means the client went away: never wait forever.
    const onClose = (): void => fail(unreadable());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function unreadable(cause?: unknown): EventDecodeError {
  return new EventDecodeError('InvalidBody', 'the request body ended before it was complete', { path: 'body', cause });
}
