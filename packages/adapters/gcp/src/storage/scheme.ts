import type { StorageScheme } from '@faasade/core/storage';
import { GcsDriver } from './driver.js';
import { loadGcsSdk } from './sdk.js';
import { parseGsUrl } from './url.js';

/**
 * The `gs:` URL scheme: `gs://<bucket>?projectId=…&apiEndpoint=…&signedUrls=…` (see
 * `parseGsUrl`). Register it so `openBucket` and `bucket()` can open Google Cloud Storage
 * buckets; the SDK loads when a bucket makes its first call, not at registration.
 *
 * @example
 * import { registerStorageScheme, bucket } from '@faasade/core/storage';
 * import { storageScheme } from '@faasade/gcp/gcs';
 * registerStorageScheme(storageScheme);
 * const images = bucket('images'); // FAASADE_BUCKET_IMAGES=gs://my-images
 */
export const storageScheme: StorageScheme = {
  scheme: 'gs',
  async open(url: URL): Promise<GcsDriver> {
    const options = parseGsUrl(url);
    // open() runs on the bucket's first call; loading here lets native() answer at once.
    await loadGcsSdk();
    return new GcsDriver(options);
  },
};
