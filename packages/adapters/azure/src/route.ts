import { FaasadeConfigError } from '@faasade/core';

// A faasade greedy parameter (`{path+}`, API Gateway syntax) and its Azure form (`{*path}`).
const GREEDY = /\{([A-Za-z_][A-Za-z0-9_]*)\+\}/g;

/**
 * The Azure Functions route template for a faasade route: the leading `/` dropped,
 * greedy `{name+}` written as Azure's catch-all `{*name}`.
 *
 * - `/hello` → `hello`
 * - `/users/{id}` → `users/{id}`
 * - `/files/{path+}` → `files/{*path}`
 *
 * The host serves every route under its route prefix, `api/` unless host.json sets
 * `extensions.http.routePrefix`, so `/hello` answers at `https://<app>.azurewebsites.net/api/hello`.
 * Azure matches routes case-insensitively, unlike API Gateway.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#customize-the-http-endpoint
 * @throws FaasadeConfigError for `/`: the host cannot route its bare prefix to a function
 *   (declare `/{path+}` instead to catch everything).
 */
export function toAzureRoute(route: string): string {
  const template = route.replace(/^\/+/, '').replace(GREEDY, '{*$1}');
  if (template === '') {
    throw new FaasadeConfigError(`route ${JSON.stringify(route)} cannot be served by Azure Functions: use "/{path+}" to catch every path`);
  }
  return template;
}
