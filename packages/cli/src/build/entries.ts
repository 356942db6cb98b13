import type { BuildTargetName, LoadedFunction } from './types.js';

/** Each cloud's adapter, storage driver and runtime library. */
export const CLOUD_MODULES = {
  aws: { adapter: '@faasade/aws', driver: '@faasade/aws/s3', runtimeLibrary: undefined },
  azure: { adapter: '@faasade/azure', driver: '@faasade/azure/blob', runtimeLibrary: '@azure/functions' },
  gcp: { adapter: '@faasade/gcp', driver: '@faasade/gcp/gcs', runtimeLibrary: '@google-cloud/functions-framework' },
} as const satisfies Record<BuildTargetName, { adapter: string; driver: string; runtimeLibrary: string | undefined }>;

/** One export of an adapter's entry point. */
export interface AdapterExport {
  module: string;
  name: string;
}

/**
 * What a generated entry takes from the adapter, per target and trigger: the trigger's
 * own entry point, so an HTTP function's bundle carries no object-event code and the
 * other way round. On AWS it makes the handler; on Azure and GCP it registers the function.
 */
export const ADAPTER_ENTRIES: Record<BuildTargetName, Record<'http' | 'object', AdapterExport>> = {
  aws: {
    http: { module: '@faasade/aws/http', name: 'lambdaHttpHandler' },
    object: { module: '@faasade/aws/object', name: 'lambdaObjectHandler' },
  },
  azure: {
    http: { module: '@faasade/azure/http', name: 'registerAzureHttpFunction' },
    object: { module: '@faasade/azure/object', name: 'registerAzureObjectFunction' },
  },
  gcp: {
    http: { module: '@faasade/gcp/http', name: 'registerGcpHttpFunctions' },
    object: { module: '@faasade/gcp/object', name: 'registerGcpObjectFunctions' },
  },
};

/** The adapter export a function's entry uses on `target`. */
export function adapterEntryOf(target: BuildTargetName, fn: LoadedFunction): AdapterExport {
  return ADAPTER_ENTRIES[target][fn.definition.trigger === 'http' ? 'http' : 'object'];
}

/**
 * The source of one function's entry module on a target: it imports the declaration, the
 * one cloud's adapter for the function's trigger and (when the function opens buckets)
 * that cloud's storage driver only, registers the driver, and exposes the function as the
 * platform expects. Warm-up pings are the adapters' own business (`isWarmupPing`): an HTTP
 * request with `x-faasade-warmup` and, on AWS, the `{"faasade":"warmup"}` payload are
 * answered without running the function.
 */
export function entrySource(target: BuildTargetName, fn: LoadedFunction): string {
  const adapter = adapterEntryOf(target, fn);
  const lines = [
    `import { ${fn.exportName === 'default' ? 'default' : fn.exportName} as fn } from ${JSON.stringify(fn.modulePath)};`,
    `import { ${adapter.name} as adapt } from ${JSON.stringify(adapter.module)};`,
  ];
  if (fn.usesStorage) lines.push(...storageRegistration(target));
  lines.push(target === 'aws' ? 'export const handler = adapt(fn);' : 'adapt(fn);');
  return `${lines.join('\n')}\n`;
}

function storageRegistration(target: BuildTargetName): string[] {
  const driver = JSON.stringify(CLOUD_MODULES[target].driver);
  const register = `import { registerStorageScheme } from '@faasade/core/storage';`;
  if (target !== 'azure') return [register, `import { storageScheme } from ${driver};`, 'registerStorageScheme(storageScheme);'];
  // On Azure the app reaches its storage account with its managed identity (the template
  // grants it a role); elsewhere (tests, local runs) with the driver's variables.
  return [
    register,
    `import { azureBlobScheme, storageScheme } from ${driver};`,
    `import { appServiceManagedIdentity } from '@faasade/azure/identity';`,
    'registerStorageScheme(process.env.IDENTITY_ENDPOINT && !process.env.AZURE_STORAGE_CONNECTION_STRING ? azureBlobScheme({ credential: appServiceManagedIdentity() }) : storageScheme);',
  ];
}
