import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from '@faasade/core';
import { contractFunction } from '@faasade/contract';
import hello from '@faasade/hello';
import { echoObjects, echoUploads } from '../fixtures/aws/echo-object-function.js';
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
const modules = new Map<FunctionDefinition, FunctionModule>([
  [contractFunction, { specifier: here('../contract/src/http/contract-function.ts'), exportName: 'contractFunction' }],
  [hello, { specifier: '@faasade/hello', exportName: 'default' }],
  [inspectFunction, { specifier: here('./functions/inspect.ts'), exportName: 'inspectFunction' }],
  [echoObjects, { specifier: here('../fixtures/aws/echo-object-function.ts'), exportName: 'echoObjects' }],
  [echoUploads, { specifier: here('../fixtures/aws/echo-object-function.ts'), exportName: 'echoUploads' }],
]);

/** Makes another function deployable through the AWS harnesses. */
export function registerFunctionModule(fn: FunctionDefinition, module: FunctionModule): void {
  modules.set(fn, module);
}

/** The module of a declared function. */
export function moduleOf(fn: FunctionDefinition): FunctionModule {
  const module = modules.get(fn);
  if (!module) throw new Error(`function "${fn.options.name}" has no registered module: call registerFunctionModule() first`);
  return module;
}
