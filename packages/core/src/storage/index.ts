export { StorageError, isStorageError, STORAGE_ERROR_CODES, type StorageErrorCode, type StorageErrorOptions } from './errors.js';
export type { ObjectInfo, ByteRange, ListedObject, ListedPrefix, ListEntry, ListPage, SignedUrlMethod, SignedRequest, NativeHandle } from './types.js';
export type {
  StorageDriver, StorageScheme, DriverCapabilities, DriverCallOptions, DriverHeadOptions, DriverGetOptions, DriverObject,
  DriverPutBody, DriverPutOptions, DriverPutResult, DriverDeleteOptions, DriverCopyOptions, DriverListOptions, DriverSignedUrlOptions, DriverSignedRequest,
} from './driver.js';
export { Bucket, type DriverSource } from './bucket.js';
export type {
  CallOptions, GetOptions, PutOptions, DeleteOptions, CopyOptions, ListOptions, ListPageOptions, SignedUrlOptions, StorageObject, PutResult, BucketOptions,
  OpenBucketOptions,
} from './bucket-types.js';
export { DEFAULT_RETRY, MAX_RETRY_ATTEMPTS, TRANSIENT_CODES, type RetryOptions } from '../reliability/retry.js';
export type { PutBody } from './put-body.js';
export { keyProblem, compareUtf8, MAX_KEY_BYTES } from './keys.js';
export { MAX_METADATA_BYTES, MAX_PAGE_SIZE, MAX_SIGNED_URL_SECONDS } from './options.js';
export { openBucket, registerStorageScheme, KNOWN_DRIVER_PACKAGES } from './registry.js';
export { bucket, bucketUrl, bucketEnvName, BUCKETS_DIR_ENV, DEFAULT_BUCKETS_DIR } from './binding.js';
export { MemoryDriver, createMemoryStore, type MemoryStore } from './drivers/memory/memory-driver.js';
export { memoryScheme } from './drivers/memory/memory-scheme.js';
export { FsDriver, type FsDriverOptions } from './drivers/fs/fs-driver.js';
export { fsScheme } from './drivers/fs/fs-scheme.js';
export { fsSignedUrlHandler } from './drivers/fs/signed-url-handler.js';
export { SIGNING_SECRET_ENV, type SignedGrant } from './drivers/fs/signed-url.js';
export { idempotent, IdempotencyError, isIdempotencyError, type IdempotencyOptions, type IdempotencyErrorCode, type IdempotencyRecord } from '../reliability/index.js';
