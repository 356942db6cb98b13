/**
 * @faasade/azure/blob — the Azure Blob Storage driver for `@faasade/core/storage`.
 * Importing this costs nothing at start-up: `@azure/storage-blob` (an optional peer
 * dependency) is imported on the first storage call.
 *
 * @example
 * import { registerStorageScheme, openBucket } from '@faasade/core/storage';
 * import { storageScheme } from '@faasade/azure/blob';
 * registerStorageScheme(storageScheme);
 * const photos = openBucket('azblob://photos'); // AZURE_STORAGE_CONNECTION_STRING from the environment
 * @packageDocumentation
 */
export { AzureBlobDriver, type AzureBlobDriverOptions } from './storage/driver.js';
export { azureBlobScheme, storageScheme, resolveAzureBlobUrl, type AzureBlobSchemeOptions } from './storage/scheme.js';
export type {
  AzureBlobTarget, AzureBlobCredential, ContainerClientTarget, ServiceClientTarget,
  ConnectionStringTarget, EndpointTarget,
} from './storage/client.js';
export type { UploadTuning } from './storage/upload.js';
