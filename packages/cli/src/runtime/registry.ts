import { CliError } from '../errors.js';
import type { Declaration } from './declaration-cache.js';
import type { FunctionModule } from './function-module.js';
import type { FunctionInstance } from './load-module.js';
import { Router, type Routed } from './router.js';

/**
 * A declared function and where it runs. With an `instance`, `fn` is that instance's
 * function (handler included); without one (not started yet, or failing to load) it is
 * only the declaration.
 */
export interface RegisteredFunction<F extends Declaration = Declaration> {
  fn: F;
  module: FunctionModule;
  instance: FunctionInstance | undefined;
}

type HttpDeclaration = Extract<Declaration, { trigger: 'http' }>;
type ObjectDeclaration = Extract<Declaration, { trigger: 'object' }>;

/** What a request's route leads to: the HTTP function's declaration and where it runs. */
export type HttpRoute = Routed<RegisteredFunction<HttpDeclaration>>;

/**
 * Every function the project declares, by name, route and bucket. Rebuilt after each
 * (re)load; the first declaration of a name or route wins and the other is reported.
 */
export class FunctionRegistry {
  readonly #modules: readonly FunctionModule[];
  #byName = new Map<string, RegisteredFunction>();
  #router = new Router<RegisteredFunction<HttpDeclaration>>();

  constructor(modules: readonly FunctionModule[]) {
    this.#modules = modules;
  }

  get modules(): readonly FunctionModule[] {
    return this.#modules;
  }

  get router(): Router<RegisteredFunction<HttpDeclaration>> {
    return this.#router;
  }

  /** Rebuilds the tables; returns the conflicts found. */
  rebuild(): CliError[] {
    const problems: CliError[] = [];
    const byName = new Map<string, RegisteredFunction>();
    const router = new Router<RegisteredFunction<HttpDeclaration>>();
    for (const module of this.#modules) {
      for (const fn of module.declarations) {
        const entry: RegisteredFunction = { fn, module, instance: module.instance };
        const twin = byName.get(fn.options.name);
        if (twin) {
          problems.push(new CliError('DuplicateFunction', `function "${fn.options.name}" is declared by both ${twin.module.entry.label} and ${module.entry.label}; ${module.entry.label}'s is ignored until one is renamed`));
          continue;
        }
        if (fn.trigger === 'http') {
          const holder = router.add({ fn, target: entry as RegisteredFunction<HttpDeclaration> });
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
  objectFunctions(binding: string): Array<RegisteredFunction<ObjectDeclaration>> {
    return this.all().filter((entry): entry is RegisteredFunction<ObjectDeclaration> => entry.fn.trigger === 'object' && entry.fn.options.bucket === binding);
  }

  /** Every bucket binding an object function listens on. */
  objectBindings(): string[] {
    return [...new Set(this.all().flatMap((entry) => (entry.fn.trigger === 'object' ? [entry.fn.options.bucket] : [])))];
  }
}
