/**
 * Loads `@azure/storage-blob` on first use. Importing `@faasade/azure/blob` must cost
 * nothing at cold start (the SDK takes about 48 ms to import), so every SDK value is
 * reached through {@link loadBlobSdk}; elsewhere only `import type` is allowed.
 */
import type * as BlobSdk from '@azure/storage-blob';
import { StorageError } from '@faasade/core/storage';

/** The `@azure/storage-blob` module. */
export type BlobSdkModule = typeof BlobSdk;

let loaded: BlobSdkModule | undefined;
let loading: Promise<BlobSdkModule> | undefined;

/** Imports the SDK once; later calls share the same module. */
export function loadBlobSdk(): Promise<BlobSdkModule> {
  loading ??= import('@azure/storage-blob').then(
    (sdk) => (loaded = sdk),
    (cause: unknown) => {
      loading = undefined; // let a later call retry once the package is installed
      throw isMissingPackage(cause)
        ? new StorageError('Unimplemented',
          'the azblob driver needs @azure/storage-blob, an optional peer dependency of @faasade/azure: install it next to your function',
          { cause })
        : cause;
    },
  );
  return loading;
}

/** Only the package itself missing is a setup problem to name; a broken install passes through as is. */
function isMissingPackage(cause: unknown): boolean {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
    && typeof message === 'string' && /['"]@azure\/storage-blob['"]/.test(message);
}

/** The SDK if some caller has loaded it already, else undefined (never loads it). */
export function loadedBlobSdk(): BlobSdkModule | undefined {
  return loaded;
}
