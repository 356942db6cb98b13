import { http } from '@google-cloud/functions-framework';
import { FaasadeConfigError, type FunctionDefinition, type HttpFunction } from '@faasade/core';
import { gcpHandler } from './handler.js';

// The framework's own rule (function_registry.ts): stricter than faasade's, as the name
// may not end in "-" or "_".
const GCP_FUNCTION_NAME = /^[A-Za-z](?:[-_A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

/**
 * Registers declared functions with the Functions Framework under their declared names,
 * so `functions-framework --target=<name>` (and Cloud Functions' `--entry-point`) finds
 * them. Call it at the top level of the module the framework loads.
 *
 * One function per Cloud Functions deployment: the `route` of a declaration is not used
 * on Google Cloud, as each function has its own URL (see {@link gcpHandler}).
 *
 * @example
 * import { registerGcpFunctions } from '@faasade/gcp';
 * import hello from './hello.js';
 * registerGcpFunctions(hello);
 * @throws FaasadeConfigError for a non-HTTP declaration, a name Cloud Functions refuses or a name given twice.
 */
export function registerGcpFunctions(...fns: FunctionDefinition[]): void {
  const seen = new Set<string>();
  const httpFunctions: HttpFunction[] = [];
  for (const fn of fns) {
    if (fn?.trigger !== 'http') {
      throw new FaasadeConfigError(`registerGcpFunctions() got a ${describe(fn)}; only HTTP functions declared with onHttp() can be registered`);
    }
    const name = fn.options.name;
    if (!GCP_FUNCTION_NAME.test(name)) {
      throw new FaasadeConfigError(`function "${name}": Cloud Functions names must end with a letter or digit`);
    }
    if (seen.has(name)) throw new FaasadeConfigError(`function "${name}" is registered twice`);
    seen.add(name);
    httpFunctions.push(fn);
  }
  // Validated first, registered after: a bad list registers nothing.
  for (const fn of httpFunctions) http(fn.options.name, gcpHandler(fn));
}

function describe(value: unknown): string {
  const trigger = (value as { trigger?: unknown } | null)?.trigger;
  return typeof trigger === 'string' ? `"${trigger}" function` : 'value that is not a function declaration';
}
