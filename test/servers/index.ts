/**
 * Real local servers for the storage tests and benchmarks: s3rver (S3), Azurite (Azure
 * Blob) and our own GCS JSON API server, each on a free port, each stopped for good by
 * `stop()` or by the death of the process that started it. See README.md for what each
 * one implements and ignores.
 * @packageDocumentation
 */
export { startS3rver, type S3rverHandle } from './s3rver.js';
export { startAzurite, type AzuriteHandle, type StartAzuriteOptions } from './azurite.js';
export { startGcsServer, type GcsServerHandle, type StartGcsServerOptions } from './gcs.js';
export { patternStream, patternBytes, digestStream } from './test-data.js';
export { startUnavailableServer, type UnavailableServerHandle } from './unavailable.js';
