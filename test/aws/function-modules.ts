import { fileURLToPath } from 'node:url';
import type { HttpFunction } from '@faasade/core';
import { contractFunction } from '@faasade/contract';
import hello from '@faasade/hello';
import { inspectFunction } from './functions/inspect.js';

/** Where a declared function lives, so a child process can bundle and load it. */
export interface FunctionModule {
  /** A package specifier or an absolute file path. */
  specifier: string;
  /** The export holding the declaration. */
  exportName: string;
}

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// A deployed function runs in another process, so the harness needs its module, not the
// object. The contract function is taken from its own file: the package index also
// exports the vitest suite, which has no place in a Lambda bundle.
const modules = new Map<HttpFunction, FunctionModule>([
  [contractFunction, { specifier: here('../contract/src/http/contract-function.ts'), exportName: 'contractFunction' }],
  [hello, { specifier: '@faasade/hello', exportName: 'default' }],
  [inspectFunction, { specifier: here('./functions/inspect.ts'), exportName: 'inspectFunction' }],
]);

/** Makes another function deployable through the AWS harnesses. */
export function registerFunctionModule(fn: HttpFunction, module: FunctionModule): void {
  modules.set(fn, module);
}

/** The module of a declared function. */
export function moduleOf(fn: HttpFunction): FunctionModule {
  const module = modules.get(fn);
  if (!module) throw new Error(`function "${fn.options.name}" has no registered module: call registerFunctionModule() first`);
  return module;
}
