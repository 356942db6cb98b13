import { readFile, writeFile } from 'node:fs/promises';
import type { FunctionDefinition, HttpFunction, ObjectFunction } from '@faasade/core';
import { cachedBundle } from './bundle-module.js';

/**
 * A function's declaration without its handler: what routing and event filtering need,
 * and what a deployment template knows before any instance runs.
 */
export type Declaration =
  | { readonly trigger: 'http'; readonly options: HttpFunction['options'] }
  | { readonly trigger: 'object'; readonly options: ObjectFunction['options'] };

/** What {@link declarationsFromCache} found: the declarations and the files to watch. */
export interface CachedDeclarations {
  declarations: Declaration[];
  files: string[];
}

/**
 * The declarations a module made the last time its unchanged bundle was loaded, so
 * `faasade dev` can route and filter before it runs the module (the first invocation
 * then starts the instance: a cold start, as in the cloud). Undefined when any input
 * changed, or when the bundle never loaded.
 */
export async function declarationsFromCache(entry: string, cacheDir: string): Promise<CachedDeclarations | undefined> {
  const bundle = await cachedBundle(entry, cacheDir);
  if (!bundle) return undefined;
  try {
    const declarations = JSON.parse(await readFile(`${bundle.file}.declared.json`, 'utf8')) as Declaration[];
    return Array.isArray(declarations) && declarations.length > 0 ? { declarations, files: bundle.inputs } : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers what the bundle at `bundleFile` declared (options only: they are plain data). */
export async function rememberDeclarations(bundleFile: string, functions: readonly FunctionDefinition[]): Promise<void> {
  const declarations = functions.map((fn) => ({ trigger: fn.trigger, options: fn.options }));
  let text: string;
  try {
    text = JSON.stringify(declarations);
  } catch {
    // Options that are not plain data cannot be remembered; the module then loads at start.
    return;
  }
  // A cache that cannot be written only costs the next start a module load.
  await writeFile(`${bundleFile}.declared.json`, text).catch(() => {});
}
