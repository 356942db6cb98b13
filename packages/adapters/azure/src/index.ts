/**
 * @faasade/azure — run faasade functions on Azure Functions (Node.js v4 programming
 * model, `@azure/functions` 4.x, which the Function App itself depends on).
 *
 * What to know about the platform:
 * - Routes live under the host's route prefix, `api/` by default (host.json
 *   `extensions.http.routePrefix`): `/hello` answers at `https://<app>.azurewebsites.net/api/hello`,
 *   and `request.url` says so. Azure matches routes case-insensitively.
 * - Every method is routed to the function so undeclared ones get faasade's 405; see
 *   {@link AzureRegisterOptions.routeAllMethods} for routes shared between functions.
 * - Repeated request headers arrive joined with "," (ASP.NET Core's `StringValues`).
 * - One `Set-Cookie` arrives verbatim. Several travel as structured cookies, which the
 *   host re-writes in its own spelling (the same cookies for the browser); one it could not
 *   carry intact goes verbatim instead (see `splitCookies` in src/http/response.ts).
 * - The host does not tell a function its deadline: `ctx.deadline` comes from the declared
 *   `timeoutSeconds`. Keep HTTP functions under 230 s, the front end's idle limit.
 * - Log lines go through the invocation's `context`, so the host correlates them with it.
 * - Object functions get Blob Storage events through the Event Grid trigger by default;
 *   webhook delivery and the blob trigger are options (see `AzureObjectRegisterOptions`).
 *
 * `@faasade/azure/http` and `@faasade/azure/object` hold each trigger's part alone, for
 * smaller bundles.
 * @packageDocumentation
 */
export { registerAzureFunctions, registerAzureFunction, type AzureRegisterOptions } from './register.js';
export { registerAzureHttpFunction, type AzureHttpRegisterOptions } from './http/register.js';
export { registerAzureObjectFunction, blobTriggerPath, type AzureObjectRegisterOptions, type AzureObjectTrigger } from './events/register-object.js';
export { azureHandler, type AzureHttpHandler } from './http/handler.js';
export { azureEventGridHandler, type AzureEventGridHandler } from './events/event-grid-handler.js';
export { azureEventGridWebhookHandler, type AzureWebhookHandler } from './events/webhook-handler.js';
export { azureBlobTriggerHandler, type AzureBlobTriggerHandler } from './events/blob-trigger-handler.js';
export { azurePlatform, type AzurePlatform } from './platform.js';
export { toAzureRoute } from './route.js';
export { appServiceManagedIdentity, type AccessTokenLike, type TokenCredentialLike } from './identity/managed-identity.js';
