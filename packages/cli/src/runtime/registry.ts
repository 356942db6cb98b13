import type { FunctionDefinition, HttpFunction, ObjectFunction } from '@faasade/core';
import { CliError } from '../errors.js';
import type { FunctionModule } from './function-module.js';
import type { FunctionInstance } from './load-module.js';
import { Router } from './router.js';

/** A declared function and where it runs. `instance` is undefined while its module cannot load. */
export interface RegisteredFunction<F extends FunctionDefinition = FunctionDefinition> {
  fn: F;
  module: FunctionModule;
  instance: FunctionInstance | undefined;
}

/**
 * Every function the project declares, by name, route and bucket. Rebuilt after each
 * (re)load. A module that fails to load keeps its last known declarations, so its routes
 * answer 503 with the reason instead of 404 while it is broken.
 */
export class FunctionRegistry {
  readonly #modules: readonly FunctionModule[];
  readonly #lastKnown = new Map<FunctionModule, readonly FunctionDefinition[]>();
  #byName = new Map<string, RegisteredFunction>();
  #router = new Router<RegisteredFunction<HttpFunction>>();

  constructor(modules: readonly FunctionModule[]) {
    this.#modules = modules;
  }

  get modules(): readonly FunctionModule[] {
    return this.#modules;
  }

  get router(): Router<RegisteredFunction<HttpFunction>> {
    return this.#router;
  }

  /** Rebuilds the tables; returns the conflicts found (the first declaration wins). */
  rebuild(): CliError[] {
    const problems: CliError[] = [];
    const byName = new Map<string, RegisteredFunction>();
    const router = new Router<RegisteredFunction<HttpFunction>>();
    for (const module of this.#modules) {
      if (module.instance) this.#lastKnown.set(module, module.instance.functions);
      for (const fn of this.#lastKnown.get(module) ?? []) {
        const entry: RegisteredFunction = { fn, module, instance: module.instance };
        const twin = byName.get(fn.options.name);
        if (twin) {
          problems.push(new CliError('DuplicateFunction', `function "${fn.options.name}" is declared by both ${twin.module.entry.label} and ${module.entry.label}; ${module.entry.label}'s is ignored until one is renamed`));
          continue;
        }
        if (fn.trigger === 'http') {
          const holder = router.add({ fn, target: entry as RegisteredFunction<HttpFunction> });
          if (holder) {
            problems.push(new CliError('DuplicateFunction', `route ${fn.options.route} of "${fn.options.name}" is already served by "${holder.fn.options.name}"; "${fn.options.name}" is ignored until one changes its route`));
            continue;
          }
        }
        byName.set(fn.options.name, entry);
      }
    }
    this.#byName = byName;
    this.#router = router;
    return problems;
  }

  byName(name: string): RegisteredFunction | undefined {
    return this.#byName.get(name);
  }

  all(): RegisteredFunction[] {
    return [...this.#byName.values()];
  }

  /** The object functions on bucket binding `binding`. */
  objectFunctions(binding: string): Array<RegisteredFunction<ObjectFunction>> {
    return this.all().filter((entry): entry is RegisteredFunction<ObjectFunction> => entry.fn.trigger === 'object' && entry.fn.options.bucket === binding);
  }

  /** Every bucket binding an object function listens on. */
  objectBindings(): string[] {
    return [...new Set(this.all().flatMap((entry) => (entry.fn.trigger === 'object' ? [entry.fn.options.bucket] : [])))];
  }
}
