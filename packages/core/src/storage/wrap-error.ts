import { isStorageError, StorageError, type StorageErrorCode } from './errors.js';
import type { StorageDriver } from './driver.js';

// Errors the portable layer built itself: passed through unchanged, so nothing is wrapped twice.
const portableErrors = new WeakSet<StorageError>();

/** Where a failing call happened, for the error's fields and message. */
export interface CallSite {
  operation: string;
  bucket: string;
  key?: string;
  signal?: AbortSignal;
  /** Turns a driver's code into the portable one for this call (precondition normalisation). */
  adjust?: (code: StorageErrorCode) => StorageErrorCode;
  /** False when a failed attempt cannot be sent again (a put of a one-shot stream). Default true. */
  replayable?: boolean;
  /**
   * The conflict codes of a conditional call. Met after an earlier attempt failed in
   * transit, they may be that attempt having been applied: the error is then `ambiguous`.
   */
  conflictCodes?: readonly StorageErrorCode[];
}

/** Builds a portable error the caller will see as is. */
export function portableError(code: StorageErrorCode, detail: string, site: CallSite, cause?: unknown, ambiguous = false): StorageError {
  const where = site.key === undefined ? '' : ` ${JSON.stringify(site.key)}`;
  const error = new StorageError(code, `${site.operation}${where} in ${site.bucket}: ${code}${detail ? ` — ${detail}` : ''}`, {
    key: site.key, bucket: site.bucket, operation: site.operation, cause, ...(ambiguous ? { ambiguous } : {}),
  });
  portableErrors.add(error);
  return error;
}

/**
 * Turns anything a driver threw into one portable error: the driver's own StorageError
 * keeps its code, a native error is classified by the driver, an aborted call is `Canceled`.
 */
export function wrapDriverError(error: unknown, driver: StorageDriver | undefined, site: CallSite): StorageError {
  if (error instanceof StorageError && portableErrors.has(error)) return error;
  let code: StorageErrorCode;
  if (site.signal?.aborted) code = 'Canceled';
  else if (isStorageError(error)) code = error.code;
  else code = classify(error, driver);
  if (site.adjust) code = site.adjust(code);
  return portableError(code, error instanceof Error ? error.message : String(error), site, error);
}

function classify(error: unknown, driver: StorageDriver | undefined): StorageErrorCode {
  if (!driver) return 'Unknown';
  try {
    return driver.errorCode(error);
  } catch {
    // A classifier that throws must not hide the original error.
    return 'Unknown';
  }
}
