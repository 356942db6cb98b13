import { inheritLazily } from './deferred-prototype.js';
import { BufferedBodyMembers, assertUnused, bodyBytes, isPlainRecord, type BodyInit, type BufferedBody, type HeadersInit } from './body.js';

/** Init of the response helpers: the `ResponseInit` of the Fetch standard. */
export interface ResponseOptions {
  status?: number;
  statusText?: string;
  headers?: HeadersInit;
}

/**
 * A Fetch `Response` whose body is already in memory. Adapters read its parts directly
 * (no stream, no `Headers` object); handlers and middleware can still use it as any
 * `Response`, and it builds those objects only when asked.
 */
export class LightResponse extends BufferedBodyMembers {
  /** @internal The body as given, read by adapters without a stream. */
  readonly bodySource: BufferedBody;
  /** @internal The headers as given. */
  readonly headersInit: HeadersInit | undefined;
  readonly #status: number;
  readonly #statusText: string;
  #headers: Headers | undefined;

  constructor(body: BufferedBody, init: ResponseOptions = {}) {
    super();
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`Response status must be an integer from 200 to 599, got ${status}`);
    }
    this.bodySource = body;
    this.headersInit = init.headers;
    this.#status = status;
    this.#statusText = init.statusText ?? '';
  }

  get status(): number {
    return this.#status;
  }
  get statusText(): string {
    return this.#statusText;
  }
  get ok(): boolean {
    return this.#status >= 200 && this.#status < 300;
  }
  get headers(): Headers {
    return (this.#headers ??= new Headers(this.headersInit));
  }
  get redirected(): boolean {
    return false;
  }
  get type(): Response['type'] {
    return 'default';
  }
  get url(): string {
    return '';
  }
  get [Symbol.toStringTag](): string {
    return 'Response';
  }

  async formData(): Promise<FormData> {
    return new Response(bodyBytes(this.consumeBody()) as BodyInit, { headers: this.headers }).formData();
  }
  clone(): Response {
    assertUnused(this.bodyUsed);
    return new LightResponse(this.bodySource, { status: this.#status, statusText: this.#statusText, headers: this.headersInit }) as unknown as Response;
  }
}

inheritLazily(LightResponse.prototype, () => Response.prototype, BufferedBodyMembers.prototype);

/** A helper's content type, and options naming only it: frozen, so every response given no init shares them. */
interface Typed {
  readonly contentType: string;
  readonly options: ResponseOptions;
}
function typed(contentType: string): Typed {
  return { contentType, options: Object.freeze({ headers: Object.freeze({ 'content-type': contentType }) }) };
}
const JSON_TYPE = typed('application/json');
const TEXT_TYPE = typed('text/plain;charset=UTF-8');
const BINARY_TYPE = typed('application/octet-stream');

function withContentType(init: ResponseOptions | undefined, { contentType, options }: Typed): ResponseOptions {
  if (init === undefined) return options;
  const headers = init.headers;
  if (headers === undefined) return { ...init, headers: options.headers };
  // Pairs and records are extended in place of a copy: a Headers object would join
  // repeated values ("a, b") that adapters able to carry them should send one by one.
  if (Array.isArray(headers)) {
    const has = headers.some((pair) => String(pair[0]).toLowerCase() === 'content-type');
    return has ? init : { ...init, headers: [...headers, ['content-type', contentType]] };
  }
  // Checked before `instanceof Headers`, which would load undici for a plain object.
  if (isPlainRecord(headers)) {
    const has = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    return has ? init : { ...init, headers: { ...headers, 'content-type': contentType } };
  }
  const merged = new Headers(headers);
  if (!merged.has('content-type')) merged.set('content-type', contentType);
  return { ...init, headers: merged };
}

/**
 * A JSON response, like `Response.json()` but several times cheaper on every cloud.
 * @example return json({ message: 'Hello, Ada!' });
 */
export function json(data: unknown, init?: ResponseOptions): Response {
  const body = JSON.stringify(data);
  if (body === undefined) throw new TypeError('json(): value is not JSON-serialisable');
  return new LightResponse(body, withContentType(init, JSON_TYPE)) as unknown as Response;
}

/**
 * A text response (`text/plain;charset=UTF-8` unless `init.headers` sets a content type).
 * @example return text('pong');
 */
export function text(body: string, init?: ResponseOptions): Response {
  return new LightResponse(body, withContentType(init, TEXT_TYPE)) as unknown as Response;
}

/**
 * A response with a byte body, `application/octet-stream` unless a content type is given.
 * @example return binary(png, { headers: { 'content-type': 'image/png' } });
 */
export function binary(body: Uint8Array, init?: ResponseOptions): Response {
  return new LightResponse(body, withContentType(init, BINARY_TYPE)) as unknown as Response;
}

/** A response with no body (204 unless `init.status` says otherwise). */
export function empty(init?: ResponseOptions): Response {
  return new LightResponse(null, { status: 204, ...init }) as unknown as Response;
}
