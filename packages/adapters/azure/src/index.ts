/**
 * @faasade/azure — run faasade functions on Azure Functions (Node.js v4 programming
 * model, `@azure/functions` 4.x, which the Function App itself depends on).
 * @packageDocumentation
 */
export { registerAzureFunctions, registerAzureFunction, type AzureRegisterOptions } from './register.js';
export { azureHandler, type AzureHttpHandler } from './http/handler.js';
export { azurePlatform, type AzurePlatform } from './platform.js';
export { toAzureRoute } from './route.js';
