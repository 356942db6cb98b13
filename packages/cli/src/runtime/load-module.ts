import { randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import * as ownCore from '@faasade/core/adapter';
import type { FunctionDefinition } from '@faasade/core';
import { CliError, firstLine } from '../errors.js';

/**
 * The part of `@faasade/core/adapter` the local runtime drives a function with. It is
 * taken from the function's own module graph, so the function and the code invoking it
 * share one copy of core, as they do in a deployed bundle (its fast paths and `instanceof`
 * checks hold, and its cold-start bookkeeping is the instance's own).
 */
export type CoreRuntime = Pick<typeof ownCore, 'createContext' | 'createLightRequest' | 'invokeHttp' | 'errorParts' | 'invokeObjectEvent'>;

/** One instance of a function module: a fresh module graph, as a new cloud instance gets. */
export interface FunctionInstance {
  readonly functions: readonly FunctionDefinition[];
  readonly runtime: CoreRuntime;
  /** Milliseconds the module took to load (the instance's init time). */
  readonly loadMs: number;
  /** Imports another module into this instance's graph (for example an adapter, for `invoke`). */
  import(specifier: string, parentUrl: string): Promise<unknown>;
  /** Stops loading modules into this graph; call once nothing runs in it any more. */
  release(): Promise<void>;
}

/** The result of {@link loadFunctionModule}: an instance, or why there is none. */
export type LoadResult =
  | { ok: true; instance: FunctionInstance; files: ReadonlySet<string> }
  | { ok: false; error: CliError; files: ReadonlySet<string> };

/**
 * Loads a module in a module graph of its own (a tsx namespace: TypeScript or JavaScript,
 * ESM or CommonJS), so every load evaluates the module and its dependencies afresh: a
 * real cold start, and a reload that sees changed code. Collects the project files it
 * loaded (outside node_modules) so the caller can watch them, also when loading failed.
 */
export async function loadFunctionModule(file: string, label: string): Promise<LoadResult> {
  const files = new Set<string>([file]);
  const api = register({
    namespace: randomUUID(),
    onImport: (url) => {
      if (url.startsWith('file:') && !url.includes('/node_modules/')) files.add(fileURLToPath(url.split('?')[0]!));
    },
  });
  const entryUrl = pathToFileURL(file).href;
  const started = performance.now();
  let exports: Record<string, unknown>;
  try {
    exports = (await api.import(entryUrl, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    await api.unregister();
    return { ok: false, files, error: new CliError('FunctionLoadFailed', `${label} failed to load: ${firstLine(error)}`, { cause: error }) };
  }
  const loadMs = performance.now() - started;
  const functions = declarationsOf(exports);
  if (functions.length === 0) {
    await api.unregister();
    const error = new CliError('FunctionLoadFailed', `${label} exports no function: export default onHttp(…) or onObject(…) from it`);
    return { ok: false, files, error };
  }
  const runtime = await runtimeOf(api.import, entryUrl);
  const instance: FunctionInstance = {
    functions, runtime, loadMs,
    import: (specifier, parentUrl) => api.import(specifier, parentUrl),
    release: () => api.unregister(),
  };
  return { ok: true, instance, files };
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

async function runtimeOf(importer: (specifier: string, parent: string) => Promise<unknown>, entryUrl: string): Promise<CoreRuntime> {
  try {
    const core = (await importer('@faasade/core/adapter', entryUrl)) as Partial<CoreRuntime>;
    if (typeof core.createContext === 'function' && typeof core.invokeHttp === 'function' && typeof core.invokeObjectEvent === 'function') {
      return core as CoreRuntime;
    }
  } catch {
    // The module does not resolve @faasade/core itself (a declaration built some other
    // way): the command's own copy runs it instead.
  }
  return ownCore;
}
