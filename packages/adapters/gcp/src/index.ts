/**
 * @faasade/gcp — run faasade functions on Google Cloud Functions (and Cloud Run
 * functions) through the Functions Framework for Node.js.
 * @packageDocumentation
 */
export { gcpHandler } from './handler.js';
export { registerGcpFunctions } from './register.js';
export { gcpPlatform, type GcpPlatform } from './platform.js';
export type { GcpHttpFunction, GcpHttpRequest, GcpHttpResponse } from './types.js';
