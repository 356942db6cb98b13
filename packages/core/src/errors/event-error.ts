/** Why an adapter could not turn a platform event into a neutral request or event. */
export type EventDecodeErrorCode =
  /** No decoder recognises the event's shape (for example an S3 event sent to an HTTP function). */
  | 'UnknownEventShape'
  /** The shape is known but a required field is missing or has the wrong type. */
  | 'MalformedEvent'
  /** The body cannot be decoded, for example base64 that is not base64. */
  | 'InvalidBody'
  /** The body is larger than the function's `maxBodyBytes`. */
  | 'BodyTooLarge';

/**
 * Raised by adapters when the platform hands them something they cannot translate. HTTP
 * adapters answer it with a 4xx (`MalformedEvent`/`InvalidBody` → 400, `BodyTooLarge` →
 * 413) when they can still answer; otherwise the invocation fails with this error.
 */
export class EventDecodeError extends Error {
  override readonly name = 'EventDecodeError';
  readonly code: EventDecodeErrorCode;
  /** Where in the event the problem is, for example `body` or `requestContext.http.method`. */
  readonly path: string | undefined;

  constructor(code: EventDecodeErrorCode, message: string, options?: { path?: string; cause?: unknown }) {
    super(options?.path ? `${message} (at ${options.path})` : message, options);
    this.code = code;
    this.path = options?.path;
  }

  /** The HTTP status this error is answered with when an answer is possible. */
  get status(): number {
    return this.code === 'BodyTooLarge' ? 413 : this.code === 'UnknownEventShape' ? 500 : 400;
  }
}
