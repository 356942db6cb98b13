/** What a sample storage event may vary. */
export interface SampleEvent {
  type?: string;
  bucket?: string;
  name?: string;
  id?: string;
}

/**
 * A Cloud Storage CloudEvent shaped as Eventarc delivers one (structured form), with the
 * object's StorageObjectData as the JSON API reports it.
 */
export function storageEvent({ type = 'google.cloud.storage.object.v1.finalized', bucket = 'images-prod', name = 'uploads/cat.jpg', id = '7216574836285937' }: SampleEvent = {}) {
  return {
    specversion: '1.0',
    id,
    type,
    source: `//storage.googleapis.com/projects/_/buckets/${bucket}`,
    subject: `objects/${name}`,
    time: '2024-05-02T10:11:12.345678Z',
    datacontenttype: 'application/json',
    data: {
      kind: 'storage#object',
      id: `${bucket}/${name}/1714644672345678`,
      bucket,
      name,
      size: '48213',
      contentType: 'image/jpeg',
      etag: 'CM6N5Jf9wYUDEAE=',
      generation: '1714644672345678',
      metageneration: '1',
      md5Hash: 'XUFAKrxLKna5cZ2REBfFkg==',
      crc32c: 'yZRlqg==',
      storageClass: 'STANDARD',
      timeCreated: '2024-05-02T10:11:12.340Z',
      updated: '2024-05-02T10:11:12.340Z',
    },
  };
}

/** The same object event as a legacy background event (`google.storage.object.finalize` / `delete`). */
export function legacyStorageEvent(eventType: 'google.storage.object.finalize' | 'google.storage.object.delete', sample: SampleEvent = {}) {
  const event = storageEvent(sample);
  return {
    context: {
      eventId: event.id,
      timestamp: event.time,
      eventType,
      resource: { service: 'storage.googleapis.com', name: `projects/_/buckets/${event.data.bucket}/objects/${event.data.name}`, type: 'storage#object' },
    },
    data: event.data,
  };
}
