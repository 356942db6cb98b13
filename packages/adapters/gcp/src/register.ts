import type { FunctionDefinition, HttpFunction, ObjectFunction } from '@faasade/core';
import { eventRegistration, isObjectFunction } from './events/register-events.js';
import { httpRegistration, isHttpFunction } from './register-http.js';
import { registerAll } from './registration.js';

/**
 * Registers declared functions with the Functions Framework under their declared names,
 * so `functions-framework --target=<name>` (and Cloud Functions' `--entry-point`) finds
 * them. Call it at the top level of the module the framework loads.
 *
 * - HTTP functions (`onHttp`) register with `functions.http` (see `gcpHandler`).
 *   The `route` of a declaration is not used on Google Cloud: each function has its own URL.
 * - Object functions (`onObject`) register with `functions.cloudEvent` (see
 *   `gcpEventHandler`); deploy them with a Cloud Storage trigger
 *   (`--trigger-event-filters=type=google.cloud.storage.object.v1.finalized`).
 *
 * The registered signature type wins over `--signature-type`, so the CLI needs no flag.
 * For a smaller bundle, register with the trigger's own entry point instead:
 * `registerGcpHttpFunctions` from `@faasade/gcp/http`, `registerGcpObjectFunctions` from
 * `@faasade/gcp/object`.
 *
 * @example
 * import { registerGcpFunctions } from '@faasade/gcp';
 * import hello from './hello.js';
 * import renditions from './renditions.js';
 * registerGcpFunctions(hello, renditions);
 * @throws FaasadeConfigError for something that is not a declaration, a name Cloud
 *   Functions refuses or a name given twice; nothing is registered then.
 */
export function registerGcpFunctions(...fns: FunctionDefinition[]): void {
  const accepts = (fn: unknown): fn is FunctionDefinition => isHttpFunction(fn) || isObjectFunction(fn);
  const registration = (fn: FunctionDefinition) => (fn.trigger === 'http' ? httpRegistration(fn as HttpFunction) : eventRegistration(fn as ObjectFunction));
  registerAll('registerGcpFunctions', 'functions declared with onHttp() or onObject()', fns, accepts, registration);
}
