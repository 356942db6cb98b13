export { StorageError, isStorageError, STORAGE_ERROR_CODES, type StorageErrorCode, type StorageErrorOptions } from './errors.js';
export type { ObjectInfo, ByteRange, ListedObject, ListedPrefix, ListEntry, ListPage, SignedUrlMethod, NativeHandle } from './types.js';
export type {
  StorageDriver, StorageScheme, DriverCapabilities, DriverCallOptions, DriverHeadOptions, DriverGetOptions, DriverObject,
  DriverPutBody, DriverPutOptions, DriverPutResult, DriverDeleteOptions, DriverCopyOptions, DriverListOptions, DriverSignedUrlOptions,
} from './driver.js';
