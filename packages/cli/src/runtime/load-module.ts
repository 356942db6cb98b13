import { pathToFileURL } from 'node:url';
import * as ownCore from '@faasade/core/adapter';
import type { FunctionDefinition } from '@faasade/core';
import { CliError, firstLine } from '../errors.js';
import { bundleFunctionModule, forgetBundle } from './bundle-module.js';
import { rememberDeclarations } from './declaration-cache.js';

/**
 * The part of `@faasade/core/adapter` the local runtime drives a function with: the copy
 * the function's own imports resolve to, so a function and the code invoking it share one
 * core, as they do in a deployed bundle (its fast paths and `instanceof` checks hold).
 */
export type CoreRuntime = Pick<typeof ownCore, 'createContext' | 'createLightRequest' | 'invokeHttp' | 'answerHttp' | 'errorParts' | 'invokeObjectEvent'>;

/** One instance of a function module: its code evaluated afresh, as a new cloud instance's is. */
export interface FunctionInstance {
  readonly functions: readonly FunctionDefinition[];
  readonly runtime: CoreRuntime;
  /** Milliseconds the module took to load (the instance's init time). */
  readonly loadMs: number;
  /** Imports a module (an adapter, for `invoke`), resolved from `parentUrl`. */
  import(specifier: string, parentUrl: string): Promise<unknown>;
}

/** The result of {@link loadFunctionModule}: an instance, or why there is none. */
export type LoadResult =
  | { ok: true; instance: FunctionInstance; files: ReadonlySet<string> }
  | { ok: false; error: CliError; files: ReadonlySet<string> };

let instances = 0;

/**
 * Loads a function module as a new instance: bundled like a deployment (see
 * bundle-module.ts) and imported under a URL no earlier load used, so its code and
 * module-level state are fresh (a real cold start, and a reload that sees changed code);
 * packages it imports stay shared, like the runtime itself. Returns the project files it
 * was built from, for the caller to watch, also when loading failed.
 */
export async function loadFunctionModule(file: string, label: string, cacheDir: string): Promise<LoadResult> {
  const started = performance.now();
  let bundle = await bundleFunctionModule(file, label, cacheDir);
  if (!bundle.ok) return { ok: false, error: bundle.error, files: new Set(bundle.inputs) };
  let exports: { module: Record<string, unknown>; core: Partial<CoreRuntime> };
  try {
    exports = await importInstance(bundle.file);
  } catch (error) {
    // A cached bundle may name package files that moved (a reinstall): bundle once more.
    if (isMissingModule(error)) {
      await forgetBundle(file, cacheDir);
      bundle = await bundleFunctionModule(file, label, cacheDir);
      if (!bundle.ok) return { ok: false, error: bundle.error, files: new Set(bundle.inputs) };
    }
    try {
      exports = await importInstance(bundle.file);
    } catch (cause) {
      return { ok: false, files: new Set(bundle.inputs), error: new CliError('FunctionLoadFailed', `${label} failed to load: ${firstLine(cause)}`, { cause }) };
    }
  }
  const loadMs = performance.now() - started;
  const files = new Set(bundle.inputs);
  const functions = declarationsOf(exports.module);
  if (functions.length === 0) {
    return { ok: false, files, error: new CliError('FunctionLoadFailed', `${label} exports no function: export default onHttp(…) or onObject(…) from it`) };
  }
  await rememberDeclarations(bundle.file, functions);
  const instance: FunctionInstance = { functions, runtime: runtimeOf(exports.core), loadMs, import: (specifier) => import(specifier) };
  return { ok: true, instance, files };
}

/** The function's own core, or the CLI's when the function's is not one this CLI can drive (an older version). */
function runtimeOf(core: Partial<CoreRuntime>): CoreRuntime {
  const drivable = (['createContext', 'createLightRequest', 'invokeHttp', 'answerHttp', 'errorParts', 'invokeObjectEvent'] as const).every((name) => typeof core[name] === 'function');
  return drivable ? (core as CoreRuntime) : ownCore;
}

async function importInstance(file: string): Promise<{ module: Record<string, unknown>; core: Partial<CoreRuntime> }> {
  return (await import(`${pathToFileURL(file).href}?instance=${++instances}`)) as { module: Record<string, unknown>; core: Partial<CoreRuntime> };
}

function isMissingModule(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Every function declaration a module exports (the default export and named ones), once each. */
export function declarationsOf(exports: Record<string, unknown>): FunctionDefinition[] {
  const found = new Set<FunctionDefinition>();
  const visit = (value: unknown): void => {
    if (isDeclaration(value)) found.add(value);
  };
  visit(exports.default);
  // A CommonJS module's exports arrive as the default export.
  if (exports.default !== null && typeof exports.default === 'object' && !isDeclaration(exports.default)) {
    for (const value of Object.values(exports.default as Record<string, unknown>)) visit(value);
  }
  for (const [name, value] of Object.entries(exports)) if (name !== 'default') visit(value);
  return [...found];
}

/** True for what `onHttp` or `onObject` returned (structurally: it may come from another copy of core). */
export function isDeclaration(value: unknown): value is FunctionDefinition {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<FunctionDefinition>;
  return (candidate.trigger === 'http' || candidate.trigger === 'object')
    && typeof candidate.handler === 'function'
    && typeof candidate.options?.name === 'string';
}
