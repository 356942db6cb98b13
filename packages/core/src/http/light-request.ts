import { inheritLazily } from './deferred-prototype.js';
import { BufferedBodyMembers, assertUnused, bodyBytes, type BodyInit, type BufferedBody } from './body.js';

/**
 * What an adapter knows about an incoming request. URL and headers are thunks: building
 * them costs more than the rest of an invocation, and most handlers read few of them.
 */
export interface RequestParts {
  method: string;
  /** Returns the absolute URL (scheme, host, path, query), percent-encoded. */
  url: () => string;
  /** Returns the request headers, repeated ones and cookies included. */
  headers: () => Headers;
  /** The complete body; ignored for GET and HEAD. */
  body: BufferedBody;
  /** The invocation's abort signal, read lazily. */
  signal?: () => AbortSignal;
}

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

/**
 * A Fetch `Request` built lazily from platform parts. It is `instanceof Request` and
 * answers every property and body method of one, but only builds a URL string, a
 * `Headers` object or a stream when the handler asks for it. Undici's own `fetch()` and
 * `new Request()` read private state, so pass `request.clone()` (a real `Request`) to them.
 */
export class LightRequest extends BufferedBodyMembers {
  readonly #parts: RequestParts;
  #url: string | undefined;
  #headers: Headers | undefined;
  #signal: AbortSignal | undefined;

  constructor(parts: RequestParts) {
    super();
    this.#parts = parts;
  }

  /** @internal The body as read; null for GET and HEAD (Fetch ignores one). */
  get bodySource(): BufferedBody {
    const parts = this.#parts;
    return NO_BODY_METHODS.has(parts.method) ? null : parts.body;
  }

  get method(): string {
    return this.#parts.method;
  }
  get url(): string {
    return (this.#url ??= this.#parts.url());
  }
  get headers(): Headers {
    return (this.#headers ??= this.#parts.headers());
  }
  get signal(): AbortSignal {
    return (this.#signal ??= this.#parts.signal?.() ?? new AbortController().signal);
  }
  get cache(): Request['cache'] {
    return 'default';
  }
  get credentials(): Request['credentials'] {
    return 'same-origin';
  }
  get destination(): Request['destination'] {
    return '';
  }
  get integrity(): string {
    return '';
  }
  get keepalive(): boolean {
    return false;
  }
  get mode(): Request['mode'] {
    return 'cors';
  }
  get redirect(): Request['redirect'] {
    return 'follow';
  }
  get referrer(): string {
    return 'about:client';
  }
  get referrerPolicy(): Request['referrerPolicy'] {
    return '';
  }
  get duplex(): 'half' {
    return 'half';
  }
  get [Symbol.toStringTag](): string {
    return 'Request';
  }

  async formData(): Promise<FormData> {
    return this.#toRequest(this.consumeBody()).formData();
  }

  /** A real, independent `Request` with the same method, URL, headers and body. */
  clone(): Request {
    assertUnused(this.bodyUsed);
    return this.#toRequest(this.bodySource);
  }

  #toRequest(body: BufferedBody): Request {
    return new Request(this.url, {
      method: this.method,
      headers: this.headers,
      body: body === null ? null : (bodyBytes(body) as BodyInit),
      signal: this.signal,
    });
  }
}

// `instanceof Request` holds, and every member of Request is overridden above or in
// BufferedBodyMembers, so no native getter ever runs against this object. Linked lazily: see inheritLazily.
inheritLazily(LightRequest.prototype, () => Request.prototype, BufferedBodyMembers.prototype);

/** Creates a lazily built Fetch `Request` from platform parts. */
export function createLightRequest(parts: RequestParts): Request {
  return new LightRequest(parts) as unknown as Request;
}
