import { randomInt } from 'node:crypto';

/** The object resource the JSON API returns (`file.getMetadata()`), as far as an event needs it. */
export interface ObjectResource {
  bucket?: string;
  name?: string;
  updated?: string;
  [field: string]: unknown;
}

/**
 * The `google.cloud.storage.object.v1.finalized` (or `deleted`) CloudEvent Eventarc would
 * deliver for an object, built from the object's real resource: the data is the
 * StorageObjectData, which mirrors the JSON API resource field for field (64-bit numbers
 * as strings), the id a Pub/Sub message id, the time the object's update time.
 * https://cloud.google.com/eventarc/docs/reference/supported-events#cloud-storage
 */
export function storageCloudEvent(resource: ObjectResource, type: 'finalized' | 'deleted' = 'finalized'): Record<string, unknown> {
  if (!resource.bucket || !resource.name || !resource.updated) throw new Error('an object resource has a bucket, a name and an update time');
  return {
    specversion: '1.0',
    id: String(randomInt(1e12, 2e14)),
    type: `google.cloud.storage.object.v1.${type}`,
    source: `//storage.googleapis.com/projects/_/buckets/${resource.bucket}`,
    subject: `objects/${resource.name}`,
    time: resource.updated,
    datacontenttype: 'application/json',
    data: resource,
  };
}
