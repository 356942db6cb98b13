import { cloudEvent } from '@google-cloud/functions-framework';
import type { ObjectFunction } from '@faasade/core';
import { registerAll } from '../registration.js';
import { gcpEventHandler } from './event-handler.js';

/** The CloudEvent registration: `functions.cloudEvent(name, gcpEventHandler(fn))`, the handler made now. */
export const eventRegistration = (fn: ObjectFunction) => {
  const handler = gcpEventHandler(fn);
  return () => cloudEvent(fn.options.name, handler);
};

/** True for a declaration made by `onObject`. */
export const isObjectFunction = (fn: unknown): fn is ObjectFunction => (fn as { trigger?: unknown } | null)?.trigger === 'object';

/**
 * Registers object functions (`onObject`) with the Functions Framework under their
 * declared names (see `gcpEventHandler`), as `registerGcpFunctions` does, from an entry
 * point (`@faasade/gcp/object`) that carries no HTTP adapter.
 *
 * @example
 * import { registerGcpObjectFunctions } from '@faasade/gcp/object';
 * registerGcpObjectFunctions(renditions);
 * @throws FaasadeConfigError for anything but an object function, a name Cloud Functions
 *   refuses or a name given twice; nothing is registered then.
 */
export function registerGcpObjectFunctions(...fns: ObjectFunction[]): void {
  registerAll('registerGcpObjectFunctions', 'functions declared with onObject()', fns, isObjectFunction, eventRegistration);
}
