/**
 * `@faasade/azure/object` — object functions on Azure Functions alone: registration in
 * each trigger style and the handlers, without the HTTP function adapter.
 * `@faasade/azure` exports the same and more.
 * @packageDocumentation
 */
export { registerAzureObjectFunction, blobTriggerPath, type AzureObjectRegisterOptions, type AzureObjectTrigger } from './events/register-object.js';
export { azureEventGridHandler, type AzureEventGridHandler } from './events/event-grid-handler.js';
export { azureEventGridWebhookHandler, type AzureWebhookHandler } from './events/webhook-handler.js';
export { azureBlobTriggerHandler, type AzureBlobTriggerHandler } from './events/blob-trigger-handler.js';
export { azurePlatform, type AzurePlatform } from './platform.js';
