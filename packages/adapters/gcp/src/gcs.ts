/**
 * @faasade/gcp/gcs — the Google Cloud Storage driver for faasade's portable `Bucket`.
 * Importing this entry loads no Google code: `@google-cloud/storage` (an optional peer
 * dependency) is imported on a bucket's first call.
 * @packageDocumentation
 */
export * from './storage/index.js';
