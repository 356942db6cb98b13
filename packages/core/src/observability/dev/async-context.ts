import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context, ContextManager } from '@opentelemetry/api';
import { rootContext } from '../otel-api.js';

/**
 * A context manager on `AsyncLocalStorage`, so the active span follows `await`s: a
 * storage call inside a handler finds the invocation span as its parent. The SDK's
 * `@opentelemetry/context-async-hooks` does the same; this one keeps `faasade dev` free
 * of SDK packages.
 */
export class AsyncContextManager implements ContextManager {
  #storage: AsyncLocalStorage<Context> | undefined;

  active(): Context {
    return this.#storage?.getStore() ?? rootContext();
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    const call = thisArg === undefined ? fn : fn.bind(thisArg);
    return this.#storage ? this.#storage.run(context, call, ...args) : call(...args);
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const manager = this;
    const bound = function (this: unknown, ...args: unknown[]) {
      return manager.with(context, () => (target as (...a: unknown[]) => unknown).apply(this, args));
    };
    return bound as T;
  }

  enable(): this {
    this.#storage ??= new AsyncLocalStorage<Context>();
    return this;
  }

  disable(): this {
    this.#storage?.disable();
    this.#storage = undefined;
    return this;
  }
}
