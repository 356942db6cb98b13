import * as ownCore from '@faasade/core/adapter';
import type { FunctionDefinition } from '@faasade/core';
import { CliError, firstLine } from '../errors.js';
import type { ModuleEntry } from '../project/discover.js';
import { declarationsFromCache, type Declaration } from './declaration-cache.js';
import { loadFunctionModule, type FunctionInstance, type LoadResult } from './load-module.js';

/**
 * One module of the project and its current instance. The instance starts when it is
 * first needed (its first invocation: a cold start), or at once when nothing is known
 * about the module yet; loading again (a reload) makes a fresh instance, and invocations
 * already running finish on the old one. While the module cannot load, it has no
 * instance, `error` says why, and its last known declarations stay (so its routes can
 * answer 503 rather than 404).
 */
export class FunctionModule {
  readonly entry: ModuleEntry;
  readonly #cacheDir: string;
  #instance: FunctionInstance | undefined;
  #error: CliError | undefined;
  #files: ReadonlySet<string> = new Set();
  #declarations: readonly Declaration[] = [];
  #loading: Promise<void> | undefined;
  readonly #onFirstUse: ((module: FunctionModule) => void) | undefined;

  /**
   * `cacheDir` keeps bundles and what they declared between runs (see bundle-module.ts);
   * `onFirstUse` hears of every load {@link ensureLoaded} made (to update routes, report).
   */
  constructor(entry: ModuleEntry, cacheDir: string, onFirstUse?: (module: FunctionModule) => void) {
    this.entry = entry;
    this.#cacheDir = cacheDir;
    this.#onFirstUse = onFirstUse;
  }

  /**
   * A module made of declarations already in memory (for `startDevServer` and tests):
   * it runs them with the command's own copy of core and never reloads.
   */
  static fromDeclarations(label: string, functions: readonly FunctionDefinition[]): FunctionModule {
    const module = new FunctionModule({ file: '', label }, '');
    module.#instance = { functions, runtime: ownCore, loadMs: 0, import: (specifier) => import(specifier) };
    module.#declarations = functions;
    return module;
  }

  get instance(): FunctionInstance | undefined {
    return this.#instance;
  }

  get error(): CliError | undefined {
    return this.#error;
  }

  /** What the module declares: its instance's functions, else the last known (or cached) declarations. */
  get declarations(): readonly Declaration[] {
    return this.#declarations;
  }

  /** Project files the module is built from: a change to any of them reloads it. */
  get files(): ReadonlySet<string> {
    return this.#files;
  }

  /**
   * Learns what the module declares: from the cache when its bundle is unchanged since it
   * last loaded (the instance then starts on first use), else by loading it now.
   */
  async prepare(): Promise<void> {
    const cached = await declarationsFromCache(this.entry.file, this.#cacheDir).catch(() => undefined);
    if (!cached) return this.ensureLoaded();
    this.#declarations = cached.declarations;
    this.#files = new Set(cached.files);
  }

  /** Starts the instance if there is none and the last attempt did not fail. Concurrent callers share one load. */
  ensureLoaded(): Promise<void> {
    if (this.#instance || this.#error) return Promise.resolve();
    this.#loading ??= this.load().then(() => {
      this.#loading = undefined;
      this.#onFirstUse?.(this);
    });
    return this.#loading;
  }

  /** Loads a fresh instance and makes it current (or records why it failed). Never rejects. */
  async load(): Promise<{ ok: boolean }> {
    let result: LoadResult;
    try {
      result = await loadFunctionModule(this.entry.file, this.entry.label, this.#cacheDir);
    } catch (cause) {
      // The cache directory could not be written, say: a failed load, reported like any other.
      result = { ok: false, files: this.#files, error: new CliError('FunctionLoadFailed', `${this.entry.label} could not be prepared: ${firstLine(cause)}`, { cause }) };
    }
    this.#files = result.files;
    if (result.ok) {
      this.#instance = result.instance;
      this.#declarations = result.instance.functions;
      this.#error = undefined;
    } else {
      this.#instance = undefined;
      this.#error = result.error;
    }
    return { ok: result.ok };
  }
}
