/**
 * @faasade/core/storage — one storage API for S3, Azure Blob Storage, Google Cloud
 * Storage, local files and memory. Functions use `bucket(name)` or `openBucket(url)`;
 * driver authors implement `StorageDriver`.
 * @packageDocumentation
 */
export * from './storage/index.js';
