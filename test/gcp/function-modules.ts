import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from '@faasade/core';
import { contractFunction } from '@faasade/contract';
import hello from '@faasade/hello';
import { echoObjectFunction } from '../fixtures/gcp/echo-object-function.js';
import { inspectFunction } from '../fixtures/gcp/inspect-function.js';

/** Where a declared function lives, so the framework's CLI can load a bundle of it. */
export interface FunctionModule {
  /** A package specifier or an absolute file path. */
  specifier: string;
  /** The export holding the declaration. */
  exportName: string;
}

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// The CLI runs the function in another process, so the harness needs its module, not the
// object. The contract function comes from its own file: the package index also exports
// the vitest suite, which has no place in a deployment bundle.
const modules = new Map<FunctionDefinition, FunctionModule>([
  [contractFunction, { specifier: here('../contract/src/http/contract-function.ts'), exportName: 'contractFunction' }],
  [hello, { specifier: '@faasade/hello', exportName: 'default' }],
  [inspectFunction, { specifier: here('../fixtures/gcp/inspect-function.ts'), exportName: 'inspectFunction' }],
  [echoObjectFunction, { specifier: here('../fixtures/gcp/echo-object-function.ts'), exportName: 'echoObjectFunction' }],
]);

/** The module of a declared function. */
export function moduleOf(fn: FunctionDefinition): FunctionModule {
  const module = modules.get(fn);
  if (!module) throw new Error(`function "${fn.options.name}" has no known module; add it to test/gcp/function-modules.ts`);
  return module;
}
