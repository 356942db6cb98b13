import type { IncomingMessage } from 'node:http';
import { EventDecodeError, type Context, type HttpFunction } from '@faasade/core';
import { DEFAULT_MAX_BODY_BYTES, type BufferedBody, type RequestParts } from '@faasade/core/adapter';
import type { CoreRuntime } from './load-module.js';

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

/**
 * A lazily built Fetch Request for a Node request, made by the function's own copy of
 * core: the URL and headers are only built if the handler reads them. The parts are one
 * object with methods rather than a closure per part: a request makes one allocation here.
 */
export function toLocalRequest(runtime: CoreRuntime, message: IncomingMessage, body: BufferedBody, origin: string, ctx: Context): Request {
  return runtime.createLightRequest(new LocalRequestParts(message, body, origin, ctx));
}

class LocalRequestParts implements RequestParts {
  readonly method: string;
  readonly #message: IncomingMessage;
  readonly #origin: string;
  readonly #ctx: Context;
  readonly body: BufferedBody;

  constructor(message: IncomingMessage, body: BufferedBody, origin: string, ctx: Context) {
    this.method = message.method ?? 'GET';
    this.#message = message;
    this.#origin = origin;
    this.#ctx = ctx;
    this.body = body;
  }

  /** The invocation's own signal (its deadline), made only if the handler reads `request.signal`. */
  signal(): AbortSignal {
    return this.#ctx.signal;
  }

  url(): string {
    return this.#origin + (this.#message.url ?? '/');
  }

  headers(): Headers {
    const headers = new Headers();
    const raw = this.#message.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    return headers;
  }
}
