/**
 * `@faasade/azure/http` — HTTP functions on Azure Functions alone: registration and the
 * handler, without the object-event decoders, so an HTTP function's bundle carries only
 * what it runs. `@faasade/azure` exports the same and more.
 * @packageDocumentation
 */
export { registerAzureHttpFunction, type AzureHttpRegisterOptions } from './http/register.js';
export { azureHandler, type AzureHttpHandler } from './http/handler.js';
export { azurePlatform, type AzurePlatform } from './platform.js';
export { toAzureRoute } from './route.js';
