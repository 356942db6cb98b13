import { StorageError } from '@faasade/core/storage';

/** The `@google-cloud/storage` module namespace. */
export type GcsSdk = typeof import('@google-cloud/storage');

let loading: Promise<GcsSdk> | undefined;
let loaded: GcsSdk | undefined;

/**
 * Imports `@google-cloud/storage` on first use and caches it. The SDK costs about 80 ms to
 * import, so a function that never touches storage must not pay for it at cold start:
 * nothing in `@faasade/gcp/gcs` imports it statically.
 *
 * @throws StorageError `Unimplemented` when the optional peer dependency is not installed.
 */
export function loadGcsSdk(): Promise<GcsSdk> {
  loading ??= import('@google-cloud/storage').then(
    (sdk) => (loaded = sdk),
    (cause: unknown) => {
      loading = undefined; // let a later call retry, e.g. after installing the package
      throw new StorageError(
        'Unimplemented',
        'The gs:// driver needs the optional peer dependency @google-cloud/storage (npm install @google-cloud/storage@^7)',
        { cause },
      );
    },
  );
  return loading;
}

/** The SDK if {@link loadGcsSdk} already finished, for callers that cannot wait. */
export function loadedGcsSdk(): GcsSdk | undefined {
  return loaded;
}
