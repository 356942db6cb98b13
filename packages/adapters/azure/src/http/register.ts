import { app } from '@azure/functions';
import { FaasadeConfigError, type HttpFunction, type HttpMethod } from '@faasade/core';
import { allowedMethods } from '@faasade/core/adapter';
import { toAzureRoute } from '../route.js';
import { azureHandler } from './handler.js';

/** How an HTTP function is registered with the Functions host. */
export interface AzureHttpRegisterOptions {
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
 * Registers one HTTP function with Azure Functions (`app.http`): its name, its route as
 * an Azure template (`/files/{path+}` → `files/{*path}`, served under the host's `api/`
 * prefix) and `authLevel: 'anonymous'` unless `options` say otherwise. This entry point
 * (`@faasade/azure/http`) carries no object-event code; `registerAzureFunction` from
 * `@faasade/azure` takes either kind of function.
 *
 * @example
 * import { registerAzureHttpFunction } from '@faasade/azure/http';
 * registerAzureHttpFunction(hello, { authLevel: 'function' });
 * @throws FaasadeConfigError when `fn` is not an HTTP function or its route cannot be expressed on Azure.
 */
export function registerAzureHttpFunction(fn: HttpFunction, options: AzureHttpRegisterOptions = {}): void {
  if (fn?.trigger !== 'http') {
    const other = fn as { trigger?: unknown; options?: { name?: unknown } } | undefined;
    throw new FaasadeConfigError(`function "${String(other?.options?.name)}": registerAzureHttpFunction takes HTTP functions, not ${JSON.stringify(other?.trigger)} triggers`);
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
