import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ownCore from '@faasade/core/adapter';
import type { FunctionDefinition } from '@faasade/core';
import { CliError, firstLine } from '../errors.js';
import { bundleFunctionModule, importCoreBeside, isModuleNotFound } from './bundle-module.js';
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
  const bundle = await bundleFunctionModule(file, label, cacheDir);
  if (!bundle.ok) return { ok: false, error: bundle.error, files: new Set(bundle.inputs) };
  const files = new Set(bundle.inputs);
  let exports: Record<string, unknown>;
  let core: Partial<CoreRuntime> | undefined;
  try {
    // Together: one after the other, the core's import waited ~10 ms behind the module's.
    [exports, core] = await Promise.all([import(`${pathToFileURL(bundle.file).href}?instance=${++instances}`) as Promise<Record<string, unknown>>, importCoreBeside(bundle.file)]);
  } catch (cause) {
    return { ok: false, files, error: new CliError('FunctionLoadFailed', `${label} failed to load: ${loadFailure(cause, bundle.packages)}`, { cause }) };
  }
  const loadMs = performance.now() - started;
  const functions = declarationsOf(exports);
  if (functions.length === 0) {
    return { ok: false, files, error: new CliError('FunctionLoadFailed', `${label} exports no function: export default onHttp(…) or onObject(…) from it`) };
  }
  // Not waited for: only a later start reads it (a write lost at exit costs that start a load).
  void rememberDeclarations(bundle.file, functions);
  const instance: FunctionInstance = { functions, runtime: runtimeOf(core), loadMs, import: (specifier) => import(specifier) };
  return { ok: true, instance, files };
}

/** The function's own core, or the CLI's when there is none beside it or it is not one this CLI can drive (an older version). */
function runtimeOf(core: Partial<CoreRuntime> | undefined): CoreRuntime {
  const drivable = core !== undefined && (['createContext', 'createLightRequest', 'invokeHttp', 'answerHttp', 'errorParts', 'invokeObjectEvent'] as const).every((name) => typeof core[name] === 'function');
  return drivable ? (core as CoreRuntime) : ownCore;
}

/**
 * Why a bundle did not load, in the user's terms: a package Node cannot find is named with
 * the project file that imports it (the bundle's own path means nothing to the user).
 */
function loadFailure(cause: unknown, packages: Record<string, string>): string {
  const message = firstLine(cause);
  if (!isModuleNotFound(cause)) return message;
  const wanted = Object.keys(packages).find((specifier) => message.includes(`'${specifier}'`) || message.includes(`'${packageName(specifier)}'`) || message.includes(`/node_modules/${packageName(specifier)}/`));
  const reason = message.replace(/ imported from \S+$/, '');
  if (wanted === undefined) return message;
  return `${relative(process.cwd(), packages[wanted]!) || packages[wanted]} imports "${wanted}", which Node cannot load from there (${reason}); install it in the function's package`;
}

/** `@scope/name` or `name` of a package import such as `@scope/name/sub/path`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
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
