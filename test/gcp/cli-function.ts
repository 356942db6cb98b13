import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionDefinition } from '@faasade/core';
import { bundleEntry, packageDirOf } from '../shared/deployment-bundle.js';
import { serveFolder } from './ff-runner.js';
import { moduleOf, type FunctionModule } from './function-modules.js';

/** How to deploy a function to the CLI, beyond its code. */
export interface CliOptions {
  /** Extra environment of the function (bucket bindings, for example). */
  env?: Record<string, string>;
  /**
   * Packages left out of the bundle and installed beside it (linked from this workspace),
   * as a deployment does for native modules such as sharp.
   */
  external?: string[];
  /** Modules the entry imports first, for their effect (registering a storage scheme, say). */
  setup?: string[];
  /** Where `fn` is, when function-modules.ts does not list it. */
  module?: FunctionModule;
}

/** A function served by `functions-framework` running as a child process. */
export interface CliFunction {
  readonly port: number;
  /** Everything the framework process wrote to stdout and stderr so far. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Bundles an entry module that calls `registerGcpFunctions(fn)` as a deployment would
 * (esbuild, `source` condition, ESM), then starts
 * `functions-framework --target=<name> --signature-type=<http|cloudevent> --source=<dir> --port=<port>`
 * on it with the environment Cloud Run gives a function. The framework stays outside the
 * bundle, as in a deployment where it is the entry point: the bundle must register into
 * the same copy the CLI reads its registry from.
 */
export async function startCliFunction(fn: FunctionDefinition, options: CliOptions = {}): Promise<CliFunction> {
  const dir = await mkdtemp(join(tmpdir(), `faasade-gcp-${fn.options.name}-`));
  const { specifier, exportName } = options.module ?? moduleOf(fn);
  const external = options.external ?? [];
  try {
    await bundleEntry([
      ...(options.setup ?? []).map((module) => `import ${JSON.stringify(module)};`),
      `import { registerGcpFunctions } from '@faasade/gcp';`,
      `import { ${exportName} as fn } from ${JSON.stringify(specifier)};`,
      `registerGcpFunctions(fn);`,
    ], join(dir, 'index.js'), ['@google-cloud/functions-framework', ...external]);
    // The folder's manifest names what stays outside the bundle; serving it installs them.
    const dependencies: Record<string, string> = {};
    for (const name of ['@google-cloud/functions-framework', ...external]) dependencies[name] = await installedVersion(name);
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'deployed', type: 'module', main: 'index.js', dependencies }));
    const served = await serveFolder(dir, fn.options.name, { FUNCTION_SIGNATURE_TYPE: fn.trigger === 'http' ? 'http' : 'cloudevent', ...options.env });
    return {
      port: served.port,
      output: () => served.output(),
      async close() {
        await served.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function installedVersion(name: string): Promise<string> {
  return (JSON.parse(await readFile(join(packageDirOf(name), 'package.json'), 'utf8')) as { version: string }).version;
}
