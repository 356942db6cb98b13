import { badRequest } from './errors.js';

/** The object fields a client may set on insert, patch, rewrite or compose. */
export interface ObjectMetadata {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  customTime?: string;
  metadata?: Record<string, string>;
}

const STRING_FIELDS = ['contentType', 'contentEncoding', 'contentDisposition', 'contentLanguage', 'cacheControl', 'customTime'] as const;

/** Every writable metadata field. */
export const METADATA_FIELDS = [...STRING_FIELDS, 'metadata'] as const;

/** Just the writable metadata fields of an object (without data, hashes or identity). */
export function pickMetadata(object: ObjectMetadata): ObjectMetadata {
  const picked: ObjectMetadata = {};
  for (const field of STRING_FIELDS) if (object[field] !== undefined) picked[field] = object[field];
  if (object.metadata) picked.metadata = { ...object.metadata };
  return picked;
}

/** True if `body` sets any writable field (rewrite copies the source's metadata otherwise). */
export function hasMetadata(body: Record<string, unknown>): boolean {
  return METADATA_FIELDS.some((field) => field in body);
}

/**
 * Applies a JSON request body to `base` with PATCH semantics: a field set to `null` is
 * cleared, `metadata` keys merge and a `null` value removes that key. Fields the server
 * does not model (acl, storageClass, …) are ignored.
 */
export function mergeMetadata(base: ObjectMetadata, body: Record<string, unknown>): ObjectMetadata {
  const result: ObjectMetadata = { ...base, metadata: base.metadata ? { ...base.metadata } : undefined };
  for (const field of STRING_FIELDS) {
    if (!(field in body)) continue;
    const value = body[field];
    if (value === null) delete result[field];
    else if (typeof value === 'string') result[field] = value;
    else throw badRequest(`Invalid value for ${field}: expected a string`);
  }
  if ('metadata' in body) {
    const value = body.metadata;
    if (value === null) delete result.metadata;
    else if (typeof value === 'object' && !Array.isArray(value)) {
      const merged = { ...result.metadata };
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        if (entry === null) delete merged[key];
        else merged[key] = typeof entry === 'string' ? entry : JSON.stringify(entry);
      }
      result.metadata = Object.keys(merged).length > 0 ? merged : undefined;
    } else throw badRequest('Invalid value for metadata: expected an object');
  }
  if (!result.metadata) delete result.metadata;
  return result;
}
