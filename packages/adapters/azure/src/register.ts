import { app } from '@azure/functions';
import { FaasadeConfigError, type FunctionDefinition, type HttpFunction, type HttpMethod } from '@faasade/core';
import { allowedMethods } from '@faasade/core/adapter';
import { registerObjectFunction, type AzureObjectRegisterOptions } from './events/register-object.js';
import { azureHandler } from './http/handler.js';
import { toAzureRoute } from './route.js';

/** How a function is registered with the Functions host. */
export interface AzureRegisterOptions extends AzureObjectRegisterOptions {
  /**
   * The key the host demands before invoking: `anonymous` (no key; the default for HTTP
   * functions), `function` (a function or host key in `?code=` or `x-functions-key`; the
   * default for Event Grid webhooks) or `admin` (the master key).
   */
  authLevel?: 'anonymous' | 'function' | 'admin';
  /**
   * Route every method to the function (default true), so a method it does not declare
   * gets faasade's `405` with `Allow`, as on the other clouds. Set false when several
   * functions share one route with different methods: each then registers only its
   * declared methods (plus HEAD with GET) and the host answers 404 for the rest: it
   * neither answers 405 nor routes HEAD to a GET function by itself
   * (https://github.com/Azure/azure-functions-host/issues/10098, /issues/11625).
   */
  routeAllMethods?: boolean;
}

// Every method undici's Request accepts (the library builds one per request); the host
// would route TRACE and CONNECT too, but the library cannot represent them.
const ROUTABLE_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Registers faasade functions with Azure Functions (Node.js v4 programming model). An
 * HTTP function goes to `app.http`: its name, its route as an Azure template
 * (`/files/{path+}` → `files/{*path}`, served under the host's `api/` prefix) and
 * `authLevel: 'anonymous'`. An object function goes to `app.eventGrid`, the Event Grid
 * trigger (see {@link AzureObjectRegisterOptions.objectTrigger} for the other styles).
 * Call it from the app's entry point (package.json `main`).
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
  app.http(fn.options.name, {
    route: toAzureRoute(fn.options.route),
    methods: [...methodsFor(fn, options.routeAllMethods ?? true)],
    authLevel: options.authLevel ?? 'anonymous',
    handler: azureHandler(fn),
  });
}

function methodsFor(fn: HttpFunction, routeAll: boolean): readonly HttpMethod[] {
  const declared = allowedMethods(fn);
  if (routeAll || declared === undefined) return ROUTABLE_METHODS;
  return ROUTABLE_METHODS.filter((method) => declared.has(method));
}
