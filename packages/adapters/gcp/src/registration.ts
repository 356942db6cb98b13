import { FaasadeConfigError, type FunctionDefinition } from '@faasade/core';

// The framework's own rule (function_registry.ts): stricter than faasade's, as the name
// may not end in "-" or "_".
const GCP_FUNCTION_NAME = /^[A-Za-z](?:[-_A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

/** How one accepted declaration is registered: its handler made now, registered later. */
export type Registration<F extends FunctionDefinition> = (fn: F) => () => void;

/**
 * Registers declarations with the Functions Framework all or nothing: every one is checked
 * (kind, a name Cloud Functions accepts, no name twice) and its handler made first, so a
 * refused declaration fails before anything is registered.
 * @throws FaasadeConfigError naming the caller and what it takes.
 */
export function registerAll<F extends FunctionDefinition>(
  caller: string, takes: string, fns: readonly unknown[], accepts: (fn: unknown) => fn is F, registration: Registration<F>,
): void {
  const seen = new Set<string>();
  const registrations: Array<() => void> = [];
  for (const fn of fns) {
    if (!accepts(fn)) throw new FaasadeConfigError(`${caller}() got a ${describe(fn)}; only ${takes} can be registered`);
    const name = fn.options.name;
    if (!GCP_FUNCTION_NAME.test(name)) {
      throw new FaasadeConfigError(`function "${name}": Cloud Functions names must end with a letter or digit`);
    }
    if (seen.has(name)) throw new FaasadeConfigError(`function "${name}" is registered twice`);
    seen.add(name);
    registrations.push(registration(fn));
  }
  for (const register of registrations) register();
}

function describe(value: unknown): string {
  const trigger = (value as { trigger?: unknown } | null)?.trigger;
  return typeof trigger === 'string' ? `"${trigger}" function` : 'value that is not a function declaration';
}
