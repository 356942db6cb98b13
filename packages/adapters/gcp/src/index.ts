/**
 * @faasade/gcp — run faasade functions on Google Cloud Functions (and Cloud Run
 * functions) through the Functions Framework for Node.js: HTTP functions, and object
 * functions on Cloud Storage events. `@faasade/gcp/http` and `@faasade/gcp/object` hold
 * each trigger's part alone, for smaller bundles.
 * @packageDocumentation
 */
export { gcpHandler } from './handler.js';
export { gcpEventHandler, type GcpCloudEventFunction } from './events/event-handler.js';
export { registerGcpFunctions } from './register.js';
export { registerGcpHttpFunctions } from './register-http.js';
export { registerGcpObjectFunctions } from './events/register-events.js';
export { gcpPlatform, type GcpPlatform } from './platform.js';
export type { GcpHttpFunction, GcpHttpRequest, GcpHttpResponse } from './types.js';
export { STORAGE_EVENT_TYPES, type GcpCloudEvent, type StorageObjectData } from './events/cloud-event.js';
