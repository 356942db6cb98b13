import type { DriverCapabilities, DriverPutOptions } from './driver.js';
import type { StorageErrorCode } from './errors.js';
import { checkCacheControl, checkContentType, checkMetadata, type InvalidArgument } from './options.js';
import { PutBodySource } from './put-body.js';
import type { PutOptions } from './bucket-types.js';

/** A validated `put`: the body, the driver's options, and how to read its precondition errors. */
export interface PutRequest {
  source: PutBodySource;
  options: Omit<DriverPutOptions, 'signal'>;
  needs: Array<keyof DriverCapabilities>;
  adjust: ((code: StorageErrorCode) => StorageErrorCode) | undefined;
  /** The (adjusted) codes a failed precondition gives: a retry meeting them may have met its own first write. */
  conflictCodes: readonly StorageErrorCode[];
}

/** Validates a put's body and options and applies the defaults. */
export function preparePut(body: unknown, options: PutOptions, invalid: InvalidArgument): PutRequest {
  const source = PutBodySource.from(body);
  if (!source) throw invalid('body must be a Uint8Array, ArrayBuffer, string, ReadableStream or Node Readable');
  const contentType = options.contentType === undefined
    ? (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream')
    : checkContentType(options.contentType, invalid);
  const metadata = checkMetadata(options.metadata, invalid);
  const cacheControl = options.cacheControl === undefined ? undefined : checkCacheControl(options.cacheControl, invalid);
  const ifNotExists = options.ifNotExists === true;
  const { ifMatch } = options;
  if (ifMatch !== undefined && (typeof ifMatch !== 'string' || ifMatch === '')) throw invalid('ifMatch must be a non-empty etag');
  if (ifNotExists && ifMatch !== undefined) throw invalid('ifNotExists and ifMatch cannot be combined');
  return {
    source,
    options: {
      contentType, metadata, ifNotExists,
      ...(cacheControl === undefined ? {} : { cacheControl }), ...(ifMatch === undefined ? {} : { ifMatch }),
    },
    needs: [...(ifNotExists ? ['ifNotExists' as const] : []), ...(ifMatch !== undefined ? ['ifMatch' as const] : [])],
    adjust: preconditionCodes(ifNotExists, ifMatch !== undefined),
    conflictCodes: ifNotExists ? ['AlreadyExists'] : ifMatch !== undefined ? ['PreconditionFailed'] : [],
  };
}

/** Precondition codes differ per service (409, 412, 404); callers get one answer per option. */
export function preconditionCodes(ifNotExists: boolean, ifMatch: boolean): ((code: StorageErrorCode) => StorageErrorCode) | undefined {
  if (ifNotExists) return (code) => (code === 'PreconditionFailed' ? 'AlreadyExists' : code);
  if (ifMatch) return (code) => (code === 'AlreadyExists' || code === 'NotFound' ? 'PreconditionFailed' : code);
  return undefined;
}
