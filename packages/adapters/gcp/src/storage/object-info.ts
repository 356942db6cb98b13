import type { ListedObject, ObjectInfo } from '@faasade/core/storage';

/** The fields of a GCS object resource this driver reads (all optional in the SDK's type). */
export interface GcsObjectResource {
  name?: string;
  size?: string | number;
  generation?: string | number;
  metageneration?: string | number;
  contentType?: string;
  cacheControl?: string;
  metadata?: Record<string, string | boolean | number | null>;
  updated?: string;
}

/** A generation/metageneration pair: what GCS preconditions compare. */
export interface GcsVersion {
  generation: string;
  metageneration: string;
}

/**
 * The portable etag is `<generation>.<metageneration>`. GCS preconditions compare these
 * numbers (`ifGenerationMatch` / `ifMetagenerationMatch`), not the resource's `etag`
 * field, so encoding both makes `ifMatch` an exact compare-and-swap on the service: a new
 * upload changes the generation, and a metadata patch made through the native client
 * changes the metageneration, so neither is silently overwritten.
 */
export function formatEtag(version: GcsVersion): string {
  return `${version.generation}.${version.metageneration}`;
}

/** The inverse of {@link formatEtag}; undefined for anything else (which can match no object). */
export function parseEtag(etag: string): GcsVersion | undefined {
  const match = /^(\d{1,20})\.(\d{1,20})$/.exec(etag);
  return match ? { generation: match[1]!, metageneration: match[2]! } : undefined;
}

/** Reads the version of a resource; the JSON API always sends both numbers for an object. */
export function versionOf(resource: GcsObjectResource): GcsVersion {
  return {
    generation: String(resource.generation ?? '0'),
    // A resource that predates metagenerations would not exist; 1 is what a fresh upload has.
    metageneration: String(resource.metageneration ?? '1'),
  };
}

function lastModifiedOf(resource: GcsObjectResource): Date {
  return resource.updated ? new Date(resource.updated) : new Date(0);
}

/** User metadata with lower-case names; entries nulled by a patch are dropped. */
function userMetadataOf(resource: GcsObjectResource): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(resource.metadata ?? {})) {
    if (value !== null && value !== undefined) metadata[name.toLowerCase()] = String(value);
  }
  return metadata;
}

/** Converts an object resource to the portable info; `key` is the name the caller used. */
export function toObjectInfo(key: string, resource: GcsObjectResource): ObjectInfo {
  const info: ObjectInfo = {
    key,
    size: Number(resource.size ?? 0),
    etag: formatEtag(versionOf(resource)),
    // GCS itself reports application/octet-stream for objects stored without a type.
    contentType: resource.contentType || 'application/octet-stream',
    metadata: userMetadataOf(resource),
    lastModified: lastModifiedOf(resource),
  };
  if (resource.cacheControl) info.cacheControl = resource.cacheControl;
  return info;
}

/** Converts an item of a listing to a portable entry. */
export function toListedObject(resource: GcsObjectResource): ListedObject {
  return {
    type: 'object',
    key: resource.name ?? '',
    size: Number(resource.size ?? 0),
    etag: formatEtag(versionOf(resource)),
    lastModified: lastModifiedOf(resource),
  };
}
