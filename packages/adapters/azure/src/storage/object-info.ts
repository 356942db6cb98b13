/** Turns the SDK's blob properties into the portable {@link ObjectInfo}. */
import type { ObjectInfo } from '@faasade/core/storage';
import { fromAzureMetadata } from './metadata.js';

/** The properties `getProperties` and `download` both return. */
export interface BlobProperties {
  contentLength?: number;
  contentRange?: string;
  etag?: string;
  contentType?: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
  lastModified?: Date;
}

/** The info of `key` from a HEAD or GET answer; a ranged GET gives the size in `Content-Range`. */
export function toObjectInfo(key: string, props: BlobProperties): ObjectInfo {
  const info: ObjectInfo = {
    key,
    size: totalSize(props),
    etag: quotedEtag(props.etag),
    contentType: props.contentType ?? 'application/octet-stream',
    metadata: fromAzureMetadata(props.metadata),
    lastModified: props.lastModified ?? new Date(0),
  };
  if (props.cacheControl) info.cacheControl = props.cacheControl;
  return info;
}

function totalSize(props: BlobProperties): number {
  // `bytes 0-9/1234` (Azurite writes `bytes 0--1/0` for an empty blob): the total is after the slash.
  const total = props.contentRange?.match(/\/(\d+)\s*$/)?.[1];
  return total === undefined ? props.contentLength ?? 0 : Number(total);
}

/**
 * Etags as the `ETag` header carries them (`"0x8D…"`), which is also what `If-Match`
 * compares. Listings give them without quotes (Azurite and the service's XML alike).
 */
export function quotedEtag(etag: string | undefined): string {
  if (!etag) return '';
  return etag.startsWith('"') ? etag : `"${etag}"`;
}
