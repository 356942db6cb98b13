import { StorageError } from '@faasade/core/storage';

/** The `@aws-sdk/client-s3` module. */
export type ClientS3Module = typeof import('@aws-sdk/client-s3');
/** The `@aws-sdk/lib-storage` module (multipart uploads of streams). */
export type LibStorageModule = typeof import('@aws-sdk/lib-storage');
/** The `@aws-sdk/s3-request-presigner` module (signed URLs). */
export type PresignerModule = typeof import('@aws-sdk/s3-request-presigner');

// Each SDK package is imported on the first call that needs it, never when this module
// loads: importing the S3 client costs about 90 ms, which a cold start that never touches
// storage (or never streams, or never signs) should not pay. The specifiers are literal
// so bundlers can still include the packages when asked to.
let clientModule: Promise<ClientS3Module> | undefined;
let libStorageModule: Promise<LibStorageModule> | undefined;
let presignerModule: Promise<PresignerModule> | undefined;

/** Imports `@aws-sdk/client-s3` once. */
export function loadClientS3(): Promise<ClientS3Module> {
  clientModule ??= import('@aws-sdk/client-s3').catch((error: unknown) => {
    clientModule = undefined;
    throw missing('@aws-sdk/client-s3', error);
  });
  return clientModule;
}

/** Imports `@aws-sdk/lib-storage` once. */
export function loadLibStorage(): Promise<LibStorageModule> {
  libStorageModule ??= import('@aws-sdk/lib-storage').catch((error: unknown) => {
    libStorageModule = undefined;
    throw missing('@aws-sdk/lib-storage', error);
  });
  return libStorageModule;
}

/** Imports `@aws-sdk/s3-request-presigner` once. */
export function loadPresigner(): Promise<PresignerModule> {
  presignerModule ??= import('@aws-sdk/s3-request-presigner').catch((error: unknown) => {
    presignerModule = undefined;
    throw missing('@aws-sdk/s3-request-presigner', error);
  });
  return presignerModule;
}

/**
 * A missing optional peer dependency is a setup problem the caller can name and fix. Only
 * the package itself counts: a file missing inside it is a broken install, passed on as is.
 */
function missing(specifier: string, cause: unknown): unknown {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  const isModuleNotFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  // Node names the package it could not find as 'name' (ESM) or "name" / 'name' (CommonJS).
  if (!isModuleNotFound || typeof message !== 'string' || !new RegExp(`['"]${specifier}['"]`).test(message)) return cause;
  return new StorageError('Unimplemented',
    `the S3 driver needs ${specifier}, an optional peer dependency of @faasade/aws: install it next to your function`,
    { cause });
}
