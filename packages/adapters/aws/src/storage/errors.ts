import type { StorageErrorCode } from '@faasade/core/storage';

// S3 error codes (the `name` of an S3ServiceException) and SDK error names, by portable code.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
const BY_NAME: Readonly<Record<string, StorageErrorCode>> = {
  NoSuchKey: 'NotFound',
  NotFound: 'NotFound', // HEAD answers have no body, so the SDK names them by status
  NoSuchBucket: 'NotFound',
  PreconditionFailed: 'PreconditionFailed',
  // A conditional write raced another write to the same key; the other one won.
  ConditionalRequestConflict: 'PreconditionFailed',
  AccessDenied: 'PermissionDenied',
  AllAccessDisabled: 'PermissionDenied',
  InvalidAccessKeyId: 'PermissionDenied',
  SignatureDoesNotMatch: 'PermissionDenied',
  ExpiredToken: 'PermissionDenied',
  InvalidToken: 'PermissionDenied',
  TokenRefreshRequired: 'PermissionDenied',
  AccountProblem: 'PermissionDenied',
  CredentialsProviderError: 'PermissionDenied', // no credentials found anywhere in the chain
  SlowDown: 'ResourceExhausted',
  Throttling: 'ResourceExhausted',
  ThrottlingException: 'ResourceExhausted',
  RequestLimitExceeded: 'ResourceExhausted',
  TooManyRequestsException: 'ResourceExhausted',
  InternalError: 'Unavailable',
  ServiceUnavailable: 'Unavailable',
  RequestTimeout: 'Unavailable', // S3's 400 for a connection that went idle: retryable
  TimeoutError: 'DeadlineExceeded', // the SDK's own request or socket timeout
  AbortError: 'Canceled',
  NotImplemented: 'Unimplemented',
  MethodNotAllowed: 'Unimplemented',
  InvalidArgument: 'InvalidArgument',
  InvalidBucketName: 'InvalidArgument',
  KeyTooLongError: 'InvalidArgument',
  MetadataTooLarge: 'InvalidArgument',
  EntityTooLarge: 'InvalidArgument',
  InvalidRange: 'InvalidArgument',
};

// Node socket and DNS failures: the service could not be reached.
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'ENETDOWN', 'ETIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** The fields of SDK and Node errors this module reads (no SDK types, so no SDK import). */
interface NativeErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  cause?: unknown;
}

/**
 * Classifies an error the S3 SDK (or the network below it) threw: by S3 error code
 * first, then by HTTP status, then by socket error code. `Unknown` when none applies.
 */
export function s3ErrorCode(error: unknown): StorageErrorCode {
  if (error === null || typeof error !== 'object') return 'Unknown';
  const shape = error as NativeErrorShape;
  // The SDK's Node HTTP handler renames ECONNRESET, EPIPE and ETIMEDOUT socket errors to
  // TimeoutError: a dropped connection is the service being unreachable, not a deadline.
  if (shape.name === 'TimeoutError' && typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return 'Unavailable';
  if (typeof shape.name === 'string' && Object.hasOwn(BY_NAME, shape.name)) return BY_NAME[shape.name]!;
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status === 'number') return statusCode(status);
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return 'Unavailable';
  // Node wraps some socket errors (fetch, AggregateError of happy-eyeballs attempts).
  if (shape.cause !== undefined && shape.cause !== error) return s3ErrorCode(shape.cause);
  return 'Unknown';
}

function statusCode(status: number): StorageErrorCode {
  if (status === 404) return 'NotFound';
  if (status === 412) return 'PreconditionFailed';
  if (status === 401 || status === 403) return 'PermissionDenied';
  if (status === 429) return 'ResourceExhausted';
  if (status === 501) return 'Unimplemented';
  if (status >= 500) return 'Unavailable';
  if (status === 400) return 'InvalidArgument';
  return 'Unknown';
}
