import { FaasadeConfigError, type FunctionDefinition } from '@faasade/core';
import { registerObjectFunction, type AzureObjectRegisterOptions } from './events/register-object.js';
import { registerAzureHttpFunction, type AzureHttpRegisterOptions } from './http/register.js';

/** How a function is registered with the Functions host (the options of either trigger). */
export interface AzureRegisterOptions extends AzureHttpRegisterOptions, AzureObjectRegisterOptions {
  /**
   * The key the host demands before invoking: `anonymous` (no key; the default for HTTP
   * functions), `function` (a function or host key in `?code=` or `x-functions-key`; the
   * default for Event Grid webhooks) or `admin` (the master key).
   */
  authLevel?: 'anonymous' | 'function' | 'admin';
}

/**
 * Registers faasade functions with Azure Functions (Node.js v4 programming model). An
 * HTTP function goes to `app.http`: its name, its route as an Azure template
 * (`/files/{path+}` → `files/{*path}`, served under the host's `api/` prefix) and
 * `authLevel: 'anonymous'`. An object function goes to `app.eventGrid`, the Event Grid
 * trigger (see {@link AzureObjectRegisterOptions.objectTrigger} for the other styles).
 * Call it from the app's entry point (package.json `main`). For a smaller bundle, register
 * with the trigger's own entry point instead: `registerAzureHttpFunction` from
 * `@faasade/azure/http`, `registerAzureObjectFunction` from `@faasade/azure/object`.
 *
 * @example
 * // src/main.ts of the Function App
 * import { registerAzureFunctions } from '@faasade/azure';
 * import hello from '@faasade/hello';
 * import renditions from '@faasade/image-renditions';
 * registerAzureFunctions(hello, renditions);
 * @throws FaasadeConfigError for a trigger Azure cannot serve, a route it cannot express,
 *   or two functions with the same name.
 */
export function registerAzureFunctions(...fns: FunctionDefinition[]): void {
  const names = new Set<string>();
  for (const fn of fns) {
    const name = fn?.options?.name;
    if (names.has(name)) throw new FaasadeConfigError(`function "${name}" is registered twice`);
    names.add(name);
  }
  for (const fn of fns) registerAzureFunction(fn);
}

/**
 * Registers one faasade function with Azure Functions, with options.
 * @example
 * registerAzureFunction(hello, { authLevel: 'function' });
 * registerAzureFunction(renditions, { objectTrigger: 'blob' }); // container from FAASADE_BUCKET_IMAGES
 * @throws FaasadeConfigError as {@link registerAzureFunctions} does, and for object
 *   options Azure cannot honour (a blob trigger for deletions, or without a container).
 */
export function registerAzureFunction(fn: FunctionDefinition, options: AzureRegisterOptions = {}): void {
  if (fn?.trigger === 'object') {
    registerObjectFunction(fn, options);
    return;
  }
  if (fn?.trigger !== 'http') {
    // Reachable from JavaScript, or once core declares a trigger this adapter does not know yet.
    const unknown = fn as { trigger?: unknown; options?: { name?: unknown } } | undefined;
    throw new FaasadeConfigError(`function "${String(unknown?.options?.name)}": registerAzureFunctions does not handle ${JSON.stringify(unknown?.trigger)} triggers`);
  }
  registerAzureHttpFunction(fn, options);
}
