import type { BucketRecord, StoredObject } from './store.js';

/** The project number every bucket reports (the server has one fake project). */
export const PROJECT_NUMBER = '123456789012';

/**
 * An object's JSON resource as the GCS JSON API returns it
 * (https://cloud.google.com/storage/docs/json_api/v1/objects#resource): int64 fields are
 * strings, hashes base64, times RFC 3339. `origin` is the server URL the client used.
 */
export function objectResource(object: StoredObject, origin: string): Record<string, unknown> {
  const path = `b/${encodeURIComponent(object.bucket)}/o/${encodeURIComponent(object.name)}`;
  return {
    kind: 'storage#object',
    id: `${object.bucket}/${object.name}/${object.generation}`,
    selfLink: `${origin}/storage/v1/${path}`,
    mediaLink: `${origin}/download/storage/v1/${path}?generation=${object.generation}&alt=media`,
    name: object.name,
    bucket: object.bucket,
    generation: String(object.generation),
    metageneration: String(object.metageneration),
    contentType: object.contentType,
    contentEncoding: object.contentEncoding,
    contentDisposition: object.contentDisposition,
    contentLanguage: object.contentLanguage,
    cacheControl: object.cacheControl,
    customTime: object.customTime,
    metadata: object.metadata,
    storageClass: 'STANDARD',
    size: String(object.size),
    md5Hash: object.md5Hash,
    crc32c: object.crc32c,
    componentCount: object.componentCount,
    etag: objectEtag(object),
    timeCreated: object.timeCreated.toISOString(),
    updated: object.updated.toISOString(),
    timeStorageClassUpdated: object.timeCreated.toISOString(),
  };
}

/**
 * GCS object ETags are base64 of a small protobuf message: field 1 = generation,
 * field 2 = metageneration (e.g. `CKih16GjycICEAE=`). Writing them the same way keeps
 * them opaque but stable, and different whenever either number changes.
 */
export function objectEtag(object: { generation: number; metageneration: number }): string {
  return Buffer.from([0x08, ...varint(object.generation), 0x10, ...varint(object.metageneration)]).toString('base64');
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** A bucket's JSON resource (https://cloud.google.com/storage/docs/json_api/v1/buckets#resource). */
export function bucketResource(bucket: BucketRecord, origin: string): Record<string, unknown> {
  return {
    kind: 'storage#bucket',
    id: bucket.name,
    selfLink: `${origin}/storage/v1/b/${encodeURIComponent(bucket.name)}`,
    projectNumber: PROJECT_NUMBER,
    name: bucket.name,
    timeCreated: bucket.timeCreated.toISOString(),
    updated: bucket.timeCreated.toISOString(),
    metageneration: '1',
    location: 'US',
    locationType: 'multi-region',
    storageClass: 'STANDARD',
    etag: 'CAE=',
  };
}
