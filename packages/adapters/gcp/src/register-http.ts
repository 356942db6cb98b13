import { http } from '@google-cloud/functions-framework';
import type { HttpFunction } from '@faasade/core';
import { gcpHandler } from './handler.js';
import { registerAll } from './registration.js';

/** The HTTP registration: `functions.http(name, gcpHandler(fn))`, the handler made now. */
export const httpRegistration = (fn: HttpFunction) => {
  const handler = gcpHandler(fn);
  return () => http(fn.options.name, handler);
};

/** True for a declaration made by `onHttp`. */
export const isHttpFunction = (fn: unknown): fn is HttpFunction => (fn as { trigger?: unknown } | null)?.trigger === 'http';

/**
 * Registers HTTP functions (`onHttp`) with the Functions Framework under their declared
 * names (see `gcpHandler`), as `registerGcpFunctions` does, from an entry point
 * (`@faasade/gcp/http`) that carries no CloudEvent code, so an HTTP function's bundle stays small.
 *
 * @example
 * import { registerGcpHttpFunctions } from '@faasade/gcp/http';
 * registerGcpHttpFunctions(hello);
 * @throws FaasadeConfigError for anything but an HTTP function, a name Cloud Functions
 *   refuses or a name given twice; nothing is registered then.
 */
export function registerGcpHttpFunctions(...fns: HttpFunction[]): void {
  registerAll('registerGcpHttpFunctions', 'functions declared with onHttp()', fns, isHttpFunction, httpRegistration);
}
