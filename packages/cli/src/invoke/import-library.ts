import { CliError } from '../errors.js';
import type { FunctionInstance } from '../runtime/load-module.js';

/**
 * Imports a cloud adapter or runtime library for the function's instance. Packages
 * resolve to the files Node picks, so the adapter and the function share the copy of
 * core both resolve to, as in a deployed bundle.
 * @throws CliError `CloudLibraryMissing` saying what to install.
 */
export async function importLibrary<T>(instance: FunctionInstance, specifier: string, install: string): Promise<T> {
  try {
    const module = (await instance.import(specifier, import.meta.url)) as Record<string, unknown>;
    // A CommonJS library may show its exports only on `default`, depending on the loader.
    const fallback = module.default;
    return (fallback !== null && typeof fallback === 'object' ? { ...fallback, ...module } : module) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CliError('CloudLibraryMissing', `${specifier} is not installed; install ${install} to invoke with this cloud`, { cause: error });
    }
    throw error;
  }
}
