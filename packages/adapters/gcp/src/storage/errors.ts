import { isStorageError, type StorageErrorCode } from '@faasade/core/storage';

/** Socket-level failures: the service could not be reached or dropped the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENETDOWN', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/**
 * OAuth 2.0 token-endpoint error codes (RFC 6749 §5.2) that mean the credentials are
 * wrong: google-auth-library surfaces them as a 400 whose body names the error.
 */
const OAUTH_REFUSALS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'access_denied', 'invalid_scope']);

/** Classifies an HTTP status the JSON API answered with. */
export function codeForStatus(status: number): StorageErrorCode | undefined {
  if (status === 400 || status === 411 || status === 413) return 'InvalidArgument';
  if (status === 401 || status === 403) return 'PermissionDenied';
  if (status === 404 || status === 410) return 'NotFound'; // 410: resumable session gone
  if (status === 409) return 'AlreadyExists';
  if (status === 412) return 'PreconditionFailed';
  if (status === 429) return 'ResourceExhausted';
  // 408: the service gave up waiting for the request; like 5xx, a retry may succeed.
  if (status === 408 || (status >= 500 && status <= 599)) return 'Unavailable';
  return undefined;
}

/** A status number in any of the places the SDK and gaxios put one. */
function statusOf(error: Record<string, unknown>): number | undefined {
  const response = error.response as Record<string, unknown> | undefined;
  for (const candidate of [error.code, error.status, response?.status, response?.statusCode]) {
    if (typeof candidate === 'number' && candidate >= 100 && candidate <= 599) return candidate;
    if (typeof candidate === 'string' && /^[1-5]\d\d$/.test(candidate)) return Number(candidate);
  }
  return undefined;
}

function oauthErrorOf(error: Record<string, unknown>): string {
  const data = (error.response as { data?: unknown } | undefined)?.data;
  const code = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).error : undefined;
  return typeof code === 'string' ? code : '';
}

function classify(error: unknown, depth: number): StorageErrorCode {
  if (isStorageError(error)) return error.code;
  if (typeof error !== 'object' || error === null) return 'Unknown';
  const fields = error as Record<string, unknown>;
  const name = typeof fields.name === 'string' ? fields.name : '';
  if (name === 'AbortError' || fields.code === 'ABORT_ERR') return 'Canceled';
  // Signing needs a private key (or IAM signBlob access); without one the SDK throws this.
  if (name === 'SigningError') return 'PermissionDenied';
  if (fields.code === 'MISSING_CREDENTIALS' || OAUTH_REFUSALS.has(oauthErrorOf(fields))) return 'PermissionDenied';
  const status = statusOf(fields);
  const byStatus = status === undefined ? undefined : codeForStatus(status);
  if (byStatus) return byStatus;
  const code = typeof fields.code === 'string' ? fields.code.toUpperCase() : '';
  if (NETWORK_CODES.has(code)) return 'Unavailable';
  if (TIMEOUT_CODES.has(code)) return 'DeadlineExceeded';
  // node-fetch wraps socket errors as FetchError{type:'system'} with errno/code set above;
  // anything else it labels 'request-timeout' or 'body-timeout'.
  if (fields.type === 'request-timeout' || fields.type === 'body-timeout') return 'DeadlineExceeded';
  if (depth < 4 && fields.cause !== undefined) return classify(fields.cause, depth + 1);
  return 'Unknown';
}

/**
 * Maps an error thrown by `@google-cloud/storage` (ApiError, GaxiosError, node-fetch
 * FetchError, the resumable uploader's errors) to a portable code: 404 → `NotFound`,
 * 412 → `PreconditionFailed`, 401/403 and refused credentials → `PermissionDenied`,
 * 429 → `ResourceExhausted`, 408, 5xx and connection failures → `Unavailable`.
 */
export function gcsErrorCode(error: unknown): StorageErrorCode {
  return classify(error, 0);
}
