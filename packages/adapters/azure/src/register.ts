import { app } from '@azure/functions';
import { FaasadeConfigError, type FunctionDefinition, type HttpFunction, type HttpMethod } from '@faasade/core';
import { allowedMethods } from '@faasade/core/adapter';
import { azureHandler } from './http/handler.js';
import { toAzureRoute } from './route.js';

/** How a function is registered with the Functions host. */
export interface AzureRegisterOptions {
  /**
   * The key the host demands before invoking: `anonymous` (default, no key), `function`
   * (a function or host key in `?code=` or `x-functions-key`) or `admin` (the master key).
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
 * Registers faasade functions with Azure Functions (Node.js v4 programming model) by
 * calling `app.http` for each: the function's name, its route as an Azure template
 * (`/files/{path+}` → `files/{*path}`, served under the host's `api/` prefix) and
 * `authLevel: 'anonymous'`. Call it from the app's entry point (package.json `main`).
 *
 * @example
 * // src/main.ts of the Function App
 * import { registerAzureFunctions } from '@faasade/azure';
 * import hello from '@faasade/hello';
 * registerAzureFunctions(hello);
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
 * @throws FaasadeConfigError as {@link registerAzureFunctions} does.
 */
export function registerAzureFunction(fn: FunctionDefinition, options: AzureRegisterOptions = {}): void {
  if (fn?.trigger !== 'http') {
    throw new FaasadeConfigError(`function "${String(fn?.options?.name)}": registerAzureFunctions does not handle ${JSON.stringify(fn?.trigger)} triggers`);
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
