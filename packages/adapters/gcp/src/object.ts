/**
 * `@faasade/gcp/object` — object functions on Google Cloud Functions alone: registration
 * and the CloudEvent handler for Cloud Storage events, without the HTTP adapter.
 * `@faasade/gcp` exports the same and more.
 * @packageDocumentation
 */
export { registerGcpObjectFunctions } from './events/register-events.js';
export { gcpEventHandler, type GcpCloudEventFunction } from './events/event-handler.js';
export { gcpPlatform, type GcpPlatform } from './platform.js';
export { STORAGE_EVENT_TYPES, type GcpCloudEvent, type StorageObjectData } from './events/cloud-event.js';
