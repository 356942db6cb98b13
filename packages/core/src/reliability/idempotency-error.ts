/** Why an idempotent call could not give an answer. */
export type IdempotencyErrorCode =
  /** Another invocation holds the key and did not finish before this one's signal fired. Retry later. */
  | 'InProgress'
  /** The stored record is not one this helper wrote (edited by hand, or another program uses the key). */
  | 'CorruptRecord';

/**
 * The error `idempotent` throws when it cannot return a result. Storage failures reach the
 * caller as `StorageError` and the work's own errors unchanged; this covers what is
 * neither. Branch on `code`.
 */
export class IdempotencyError extends Error {
  override readonly name = 'IdempotencyError';
  readonly code: IdempotencyErrorCode;
  /** The idempotency key (as the caller passed it). */
  readonly key: string;

  constructor(code: IdempotencyErrorCode, key: string, message: string, options?: { cause?: unknown }) {
    super(`idempotency key ${JSON.stringify(key)}: ${code} — ${message}`, options);
    this.code = code;
    this.key = key;
  }
}

/** True for an {@link IdempotencyError} (also from another copy of this package), optionally of one `code`. */
export function isIdempotencyError(value: unknown, code?: IdempotencyErrorCode): value is IdempotencyError {
  const isOne = value instanceof IdempotencyError
    || (value instanceof Error && value.name === 'IdempotencyError' && typeof (value as IdempotencyError).code === 'string');
  return isOne && (code === undefined || (value as IdempotencyError).code === code);
}
