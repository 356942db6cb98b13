/**
 * `@faasade/gcp/http` — HTTP functions on Google Cloud Functions alone: registration and
 * the handler, without the CloudEvent decoders, so an HTTP function's bundle carries only
 * what it runs. `@faasade/gcp` exports the same and more.
 * @packageDocumentation
 */
export { registerGcpHttpFunctions } from './register-http.js';
export { gcpHandler } from './handler.js';
export { gcpPlatform, type GcpPlatform } from './platform.js';
export type { GcpHttpFunction, GcpHttpRequest, GcpHttpResponse } from './types.js';
