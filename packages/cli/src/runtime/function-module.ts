import * as ownCore from '@faasade/core/adapter';
import type { FunctionDefinition } from '@faasade/core';
import type { CliError } from '../errors.js';
import type { ModuleEntry } from '../project/discover.js';
import { loadFunctionModule, type FunctionInstance } from './load-module.js';

/**
 * One module of the project and its current instance. Loading again (a reload) makes a
 * fresh instance; the previous one keeps serving what it already started and is released
 * when that is done. While the module cannot load, it has no instance and `error` says why.
 */
export class FunctionModule {
  readonly entry: ModuleEntry;
  readonly #cacheDir: string;
  #instance: FunctionInstance | undefined;
  #error: CliError | undefined;
  #files: ReadonlySet<string> = new Set();
  // Invocations running per instance; a plain counter on the hot path, not a map lookup.
  readonly #inflight = new WeakMap<FunctionInstance, { count: number }>();
  readonly #retired = new Set<FunctionInstance>();

  /** `cacheDir` keeps bundles between runs (see bundle-module.ts). */
  constructor(entry: ModuleEntry, cacheDir: string) {
    this.entry = entry;
    this.#cacheDir = cacheDir;
  }

  /**
   * A module made of declarations already in memory (for `startDevServer` and tests):
   * it runs them with the command's own copy of core and never reloads.
   */
  static fromDeclarations(label: string, functions: readonly FunctionDefinition[]): FunctionModule {
    const module = new FunctionModule({ file: '', label }, '');
    module.#instance = {
      functions, runtime: ownCore, loadMs: 0,
      import: (specifier) => import(specifier),
      release: async () => {},
    };
    return module;
  }

  get instance(): FunctionInstance | undefined {
    return this.#instance;
  }

  get error(): CliError | undefined {
    return this.#error;
  }

  /** Project files the last load read: a change to any of them reloads the module. */
  get files(): ReadonlySet<string> {
    return this.#files;
  }

  /** Loads a fresh instance and makes it current (or records why it failed). */
  async load(): Promise<{ ok: boolean }> {
    const result = await loadFunctionModule(this.entry.file, this.entry.label, this.#cacheDir);
    this.#files = result.files;
    const previous = this.#instance;
    if (result.ok) {
      this.#instance = result.instance;
      this.#error = undefined;
    } else {
      this.#instance = undefined;
      this.#error = result.error;
    }
    if (previous) this.#retire(previous);
    return { ok: result.ok };
  }

  /** Marks the start of an invocation on `instance`, so a reload does not release it under it. */
  begin(instance: FunctionInstance): void {
    const counter = this.#inflight.get(instance);
    if (counter) counter.count++;
    else this.#inflight.set(instance, { count: 1 });
  }

  /** Marks its end. */
  end(instance: FunctionInstance): void {
    const counter = this.#inflight.get(instance);
    if (!counter || --counter.count > 0) return;
    if (this.#retired.delete(instance)) void instance.release();
  }

  /** Releases every instance (at shutdown). */
  async close(): Promise<void> {
    const all = [...this.#retired, ...(this.#instance ? [this.#instance] : [])];
    this.#retired.clear();
    this.#instance = undefined;
    await Promise.all(all.map((instance) => instance.release().catch(() => {})));
  }

  #retire(instance: FunctionInstance): void {
    if ((this.#inflight.get(instance)?.count ?? 0) > 0) this.#retired.add(instance);
    else void instance.release().catch(() => {});
  }
}
