/**
 * Classifies what `@azure/storage-blob` throws. The SDK raises a `RestError` with the
 * HTTP status and, when the service sent one, the `x-ms-error-code`
 * (https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes).
 * Answers to HEAD carry no body, and the SDK then leaves `code` empty: the code is read
 * from the response header instead, and the status decides when there is none (Azurite
 * sends none on HEAD) or it is unknown. Network failures come as a `RestError`
 * without status whose `code` is the Node errno or `REQUEST_SEND_ERROR`.
 */
import { isStorageError, type StorageErrorCode } from '@faasade/core/storage';

const BY_SERVICE_CODE: Record<string, StorageErrorCode> = {
  BlobNotFound: 'NotFound',
  ContainerNotFound: 'NotFound',
  ResourceNotFound: 'NotFound',
  ConditionNotMet: 'PreconditionFailed',
  TargetConditionNotMet: 'PreconditionFailed',
  SourceConditionNotMet: 'PreconditionFailed',
  BlobAlreadyExists: 'AlreadyExists',
  ContainerAlreadyExists: 'AlreadyExists',
  AuthenticationFailed: 'PermissionDenied',
  AuthorizationFailure: 'PermissionDenied',
  AuthorizationPermissionMismatch: 'PermissionDenied',
  AuthorizationProtocolMismatch: 'PermissionDenied',
  AuthorizationResourceTypeMismatch: 'PermissionDenied',
  AuthorizationServiceMismatch: 'PermissionDenied',
  AuthorizationSourceIPMismatch: 'PermissionDenied',
  InsufficientAccountPermissions: 'PermissionDenied',
  AccountIsDisabled: 'PermissionDenied',
  // A commit whose staged blocks a concurrent write discarded (see upload.ts): retrying works.
  InvalidBlockList: 'Unavailable',
  ServerBusy: 'Unavailable',
  InternalError: 'Unavailable',
  OperationTimedOut: 'DeadlineExceeded',
  InvalidResourceName: 'InvalidArgument',
  InvalidUri: 'InvalidArgument',
  OutOfRangeInput: 'InvalidArgument',
  InvalidMetadata: 'InvalidArgument',
  InvalidHeaderValue: 'InvalidArgument',
  InvalidQueryParameterValue: 'InvalidArgument',
  InvalidInput: 'InvalidArgument',
  RequestBodyTooLarge: 'InvalidArgument',
};

const NETWORK_CODES = new Set([
  'REQUEST_SEND_ERROR', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE',
  'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE',
]);

/** The portable code for an error thrown by the SDK (or by this driver). */
export function azureErrorCode(error: unknown): StorageErrorCode {
  if (isStorageError(error)) return error.code;
  if (!(error instanceof Error)) return 'Unknown';
  // The SDK's download stream reports a connection that closed mid-body as an AbortError
  // ("The operation was aborted."), the name the caller's own abort has too. The portable
  // layer reports a caller's abort as Canceled before asking this classifier (it checks the
  // signal first), so an AbortError that gets here came from the transport.
  if (error.name === 'AbortError') return 'Unavailable';
  const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
  // A connection that closed while the SDK read an answer's body: core-rest-pipeline says
  // PARSE_ERROR "Error reading response as text: aborted" (Node's premature-close message).
  if (code === 'PARSE_ERROR' && /\b(aborted|socket hang up|ECONNRESET)\b/i.test(error.message)) return 'Unavailable';
  const serviceCode = typeof code === 'string' ? code : headerCode(error);
  const byCode = serviceCode === undefined ? undefined : BY_SERVICE_CODE[serviceCode];
  if (byCode) return byCode;
  if (typeof statusCode === 'number') return byStatus(statusCode);
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'Unavailable';
  return 'Unknown';
}

function headerCode(error: Error): string | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } }).response?.headers;
  return typeof headers?.get === 'function' ? headers.get('x-ms-error-code') : undefined;
}

function byStatus(status: number): StorageErrorCode {
  if (status === 404) return 'NotFound';
  if (status === 412) return 'PreconditionFailed';
  if (status === 409) return 'AlreadyExists';
  if (status === 401 || status === 403) return 'PermissionDenied';
  if (status === 429) return 'ResourceExhausted';
  if (status === 408 || status >= 500) return 'Unavailable';
  if (status === 400 || status === 413 || status === 414) return 'InvalidArgument';
  return 'Unknown';
}

/** The HTTP status of an SDK error, if it has one. */
export function azureStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
