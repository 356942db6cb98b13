/** Reliability helpers: idempotent work over a Bucket, abortable waits and backoff. */
export { idempotent, type IdempotencyOptions } from './idempotency.js';
export { IdempotencyError, isIdempotencyError, type IdempotencyErrorCode } from './idempotency-error.js';
export type { IdempotencyRecord } from './idempotency-record.js';
