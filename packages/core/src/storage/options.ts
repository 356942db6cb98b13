import type { ByteRange } from './types.js';

/** Total size of user metadata names and values, in bytes: S3's limit, the smallest of the three clouds. */
export const MAX_METADATA_BYTES = 2048;
/** Longest signed URL lifetime in seconds: SigV4's seven days. */
export const MAX_SIGNED_URL_SECONDS = 604_800;
/** Largest list page: what S3, Azure and GCS return at most per request. */
export const MAX_PAGE_SIZE = 1000;

const METADATA_NAME = /^[a-z][a-z0-9_]*$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// type/subtype with optional parameters; token characters per RFC 9110.
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+(\s*;.*)?$/i;

/** Builds the InvalidArgument errors this module throws. */
export type InvalidArgument = (message: string) => Error;

/** Validates user metadata and returns it with lower-case names. */
export function checkMetadata(metadata: unknown, invalid: InvalidArgument): Record<string, string> {
  if (metadata === undefined) return {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw invalid('metadata must be an object of strings');
  const result: Record<string, string> = {};
  let bytes = 0;
  for (const [rawName, value] of Object.entries(metadata)) {
    // Services fold metadata names to lower case, so the portable layer does it up front.
    const name = rawName.toLowerCase();
    if (!METADATA_NAME.test(name)) throw invalid(`metadata name "${rawName}" must be letters, digits and _ starting with a letter`);
    if (name in result) throw invalid(`metadata name "${rawName}" is given twice (names are case-insensitive)`);
    if (typeof value !== 'string') throw invalid(`metadata "${name}" must be a string`);
    // Values travel as HTTP headers: header folding trims them and some services drop empty ones.
    if (value === '' || !PRINTABLE_ASCII.test(value) || value !== value.trim()) {
      throw invalid(`metadata "${name}" must be non-empty printable ASCII without leading or trailing spaces (encode other text, e.g. with encodeURIComponent)`);
    }
    bytes += name.length + value.length;
    result[name] = value;
  }
  if (bytes > MAX_METADATA_BYTES) throw invalid(`metadata is ${bytes} bytes; the limit is ${MAX_METADATA_BYTES}`);
  return result;
}

/** Validates a content type. */
export function checkContentType(value: unknown, invalid: InvalidArgument): string {
  if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value) || !MEDIA_TYPE.test(value) || value.length > 256) {
    throw invalid(`contentType must be a media type such as "image/png", got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates a Cache-Control value. */
export function checkCacheControl(value: unknown, invalid: InvalidArgument): string {
  if (typeof value !== 'string' || value.trim() === '' || !PRINTABLE_ASCII.test(value) || value.length > 1024) {
    throw invalid('cacheControl must be a non-empty printable ASCII header value');
  }
  return value;
}

/** Validates a range; returns undefined for "the whole object". */
export function checkRange(range: unknown, invalid: InvalidArgument): Required<ByteRange> | { offset: number; length?: undefined } | undefined {
  if (range === undefined) return undefined;
  if (range === null || typeof range !== 'object') throw invalid('range must be { offset, length? }');
  const { offset, length } = range as ByteRange;
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalid('range.offset must be an integer >= 0');
  if (length === undefined) return offset === 0 ? undefined : { offset };
  if (!Number.isSafeInteger(length) || length < 0) throw invalid('range.length must be an integer >= 0');
  return { offset, length };
}

/** Validates a signed URL lifetime in seconds. */
export function checkExpiresIn(value: unknown, invalid: InvalidArgument): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_SIGNED_URL_SECONDS) {
    throw invalid(`expiresIn must be whole seconds from 1 to ${MAX_SIGNED_URL_SECONDS}`);
  }
  return value as number;
}

/** Validates a list page size. */
export function checkPageSize(value: unknown, invalid: InvalidArgument): number {
  if (value === undefined) return MAX_PAGE_SIZE;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_PAGE_SIZE) {
    throw invalid(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return value as number;
}

/** Validates a list prefix or delimiter: any string without control characters. */
export function checkListText(name: string, value: unknown, invalid: InvalidArgument): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || /[\u0000-\u001f\u007f]/.test(value) || Buffer.byteLength(value) > 1024) {
    throw invalid(`${name} must be a string of at most 1024 bytes without control characters`);
  }
  return value;
}
