import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from '@faasade/core';
import { contractFunction } from '@faasade/contract';
import hello from '@faasade/hello';

/** Where a declared function lives, so a child process (a runtime, a CLI) can bundle and load it. */
export interface FunctionModule {
  /** A package specifier or an absolute file path. */
  specifier: string;
  /** The export holding the declaration. */
  exportName: string;
}

/** An absolute path from a path relative to the caller's module URL. */
export const pathFrom = (base: string, path: string): string => fileURLToPath(new URL(path, base));

// A deployed function runs in another process, so harnesses need its module, not the
// object. The contract function is taken from its own file: the package index also
// exports the vitest suite, which has no place in a deployment bundle.
const modules = new Map<FunctionDefinition, FunctionModule>([
  [contractFunction, { specifier: pathFrom(import.meta.url, '../contract/src/http/contract-function.ts'), exportName: 'contractFunction' }],
  [hello, { specifier: '@faasade/hello', exportName: 'default' }],
]);

/** Makes another function deployable through the harnesses that run child processes. */
export function registerFunctionModule(fn: FunctionDefinition, module: FunctionModule): void {
  modules.set(fn, module);
}

/** The module of a declared function. */
export function moduleOf(fn: FunctionDefinition): FunctionModule {
  const module = modules.get(fn);
  if (!module) throw new Error(`function "${fn.options.name}" has no registered module: call registerFunctionModule() first`);
  return module;
}
