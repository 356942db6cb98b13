import { cloudEvent, http } from '@google-cloud/functions-framework';
import { FaasadeConfigError, type FunctionDefinition } from '@faasade/core';
import { gcpEventHandler } from './events/event-handler.js';
import { gcpHandler } from './handler.js';

// The framework's own rule (function_registry.ts): stricter than faasade's, as the name
// may not end in "-" or "_".
const GCP_FUNCTION_NAME = /^[A-Za-z](?:[-_A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

/**
 * Registers declared functions with the Functions Framework under their declared names,
 * so `functions-framework --target=<name>` (and Cloud Functions' `--entry-point`) finds
 * them. Call it at the top level of the module the framework loads.
 *
 * - HTTP functions (`onHttp`) register with `functions.http` (see {@link gcpHandler}).
 *   The `route` of a declaration is not used on Google Cloud: each function has its own URL.
 * - Object functions (`onObject`) register with `functions.cloudEvent` (see
 *   {@link gcpEventHandler}); deploy them with a Cloud Storage trigger
 *   (`--trigger-event-filters=type=google.cloud.storage.object.v1.finalized`).
 *
 * The registered signature type wins over `--signature-type`, so the CLI needs no flag.
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
  const seen = new Set<string>();
  const registrations: Array<() => void> = [];
  for (const fn of fns) {
    if (fn?.trigger !== 'http' && fn?.trigger !== 'object') {
      throw new FaasadeConfigError(`registerGcpFunctions() got a ${describe(fn)}; only functions declared with onHttp() or onObject() can be registered`);
    }
    const name = fn.options.name;
    if (!GCP_FUNCTION_NAME.test(name)) {
      throw new FaasadeConfigError(`function "${name}": Cloud Functions names must end with a letter or digit`);
    }
    if (seen.has(name)) throw new FaasadeConfigError(`function "${name}" is registered twice`);
    seen.add(name);
    // The handlers are made now, so a declaration they refuse fails before anything is registered.
    if (fn.trigger === 'http') {
      const handler = gcpHandler(fn);
      registrations.push(() => http(name, handler));
    } else {
      const handler = gcpEventHandler(fn);
      registrations.push(() => cloudEvent(name, handler));
    }
  }
  for (const register of registrations) register();
}

function describe(value: unknown): string {
  const trigger = (value as { trigger?: unknown } | null)?.trigger;
  return typeof trigger === 'string' ? `"${trigger}" function` : 'value that is not a function declaration';
}
