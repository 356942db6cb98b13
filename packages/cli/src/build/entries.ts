import type { BuildTargetName, LoadedFunction } from './types.js';

/** Each cloud's adapter, storage driver and runtime library, as the generated entries import them. */
export const CLOUD_MODULES = {
  aws: { adapter: '@faasade/aws', driver: '@faasade/aws/s3', runtimeLibrary: undefined },
  azure: { adapter: '@faasade/azure', driver: '@faasade/azure/blob', runtimeLibrary: '@azure/functions' },
  gcp: { adapter: '@faasade/gcp', driver: '@faasade/gcp/gcs', runtimeLibrary: '@google-cloud/functions-framework' },
} as const satisfies Record<BuildTargetName, { adapter: string; driver: string; runtimeLibrary: string | undefined }>;

/** The export of `@faasade/aws` that runs object functions (S3 notifications and EventBridge events). */
export const AWS_OBJECT_HANDLER = 'lambdaObjectHandler';

/**
 * The source of one function's entry module on a target: it imports the declaration, the
 * one cloud's adapter and (when the function opens buckets) that cloud's storage driver
 * only, registers the driver, and exposes the function as the platform expects. HTTP
 * functions answer warm-up requests (`x-faasade-warmup`) before their handler; on AWS the
 * `{"faasade":"warmup"}` payload is answered before the HTTP adapter runs (the object
 * adapter answers it itself).
 */
export function entrySource(target: BuildTargetName, fn: LoadedFunction, runtimeDir: string): string {
  const modules = CLOUD_MODULES[target];
  const isHttp = fn.definition.trigger === 'http';
  const lines = [
    `import { ${fn.exportName === 'default' ? 'default' : fn.exportName} as declared } from ${JSON.stringify(fn.modulePath)};`,
    `import { answerWarmupRequests } from '@faasade/core/adapter';`,
  ];
  if (fn.usesStorage) lines.push(...storageRegistration(target, runtimeDir));
  lines.push(`const fn = ${isHttp ? 'answerWarmupRequests(declared)' : 'declared'};`);
  if (target === 'aws' && !isHttp) {
    // lambdaObjectHandler answers the warm-up payload itself.
    lines.push(`import { ${AWS_OBJECT_HANDLER} } from ${JSON.stringify(modules.adapter)};`, `export const handler = ${AWS_OBJECT_HANDLER}(fn);`);
  } else if (target === 'aws') {
    lines.push(
      `import { lambdaHandler } from ${JSON.stringify(modules.adapter)};`,
      `import { createContext, isWarmupPing } from '@faasade/core/adapter';`,
      'const run = lambdaHandler(fn);',
      // An HTTP event with the warm-up header goes through the adapter: the front door needs an HTTP answer.
      `export const handler = (event, context) => isWarmupPing(event) && !('headers' in event) ? warm(event, context) : run(event, context);`,
      `function warm(event, context) { const ctx = createContext({ fn, cloud: 'aws', event, platformContext: context }); ctx.dispose(); return Promise.resolve({ faasade: 'warmup', coldStart: ctx.coldStart }); }`,
    );
  } else if (target === 'azure') {
    lines.push(`import { registerAzureFunctions } from ${JSON.stringify(modules.adapter)};`, 'registerAzureFunctions(fn);');
  } else {
    lines.push(`import { registerGcpFunctions } from ${JSON.stringify(modules.adapter)};`, 'registerGcpFunctions(fn);');
  }
  return `${lines.join('\n')}\n`;
}

function storageRegistration(target: BuildTargetName, runtimeDir: string): string[] {
  const driver = JSON.stringify(CLOUD_MODULES[target].driver);
  const register = `import { registerStorageScheme } from '@faasade/core/storage';`;
  if (target !== 'azure') return [register, `import { storageScheme } from ${driver};`, 'registerStorageScheme(storageScheme);'];
  // On Azure the app reaches its storage account with its managed identity (the template
  // grants it a role); elsewhere (tests, local runs) with the driver's variables.
  return [
    register,
    `import { azureBlobScheme, storageScheme } from ${JSON.stringify(`${CLOUD_MODULES.azure.driver}`)};`,
    `import { appServiceManagedIdentity } from ${JSON.stringify(`${runtimeDir}/azure-managed-identity.ts`)};`,
    'registerStorageScheme(process.env.IDENTITY_ENDPOINT && !process.env.AZURE_STORAGE_CONNECTION_STRING ? azureBlobScheme({ credential: appServiceManagedIdentity() }) : storageScheme);',
  ];
}
