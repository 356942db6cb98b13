/**
 * An error whose status and message are meant for the client. Throw it from a handler and
 * every adapter answers with that status and an `application/problem+json` body
 * (RFC 9457) carrying `message`. Any other error becomes a 500 whose body says nothing
 * about the cause; the cause and stack go to the log only.
 *
 * @example
 * if (!body.name) throw new HttpError(400, 'name is required');
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** HTTP status to answer with (400–599). */
  readonly status: number;
  /** Extra response headers, for example `Allow` on a 405 or `Retry-After` on a 503. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string, options?: { cause?: unknown; headers?: Record<string, string> }) {
    super(message, options);
    // A status outside 400-599 is a programming error; answering it would confuse clients.
    this.status = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
    this.headers = options?.headers ?? {};
  }
}

/** True for an {@link HttpError}, also one thrown by another copy of this package. */
export function isHttpError(value: unknown): value is HttpError {
  return value instanceof HttpError || (value instanceof Error && value.name === 'HttpError' && typeof (value as HttpError).status === 'number');
}
