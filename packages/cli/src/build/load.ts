import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { FunctionDefinition } from '@faasade/core';
import { BuildError } from './errors.js';
import { moduleFileOf } from './module-file.js';
import type { LoadedFunction } from './types.js';
import { workspaceSourcePlugin } from './workspace-source.js';

/**
 * Packages that cannot be bundled: they load native binaries next to their own files.
 * They ship as files in the artifact's node_modules, with the binaries for its platform.
 */
export const NATIVE_PACKAGES: readonly string[] = ['sharp'];

/**
 * Loads every function the modules declare (each export made by `onHttp()` or
 * `onObject()`), bundling each module once as the artifact will be, and notes what its
 * code reaches: the storage API, native packages.
 * @throws BuildError `FunctionLoadFailed`, `NoTrigger` (an export that looks like a
 *   function but was not declared with a trigger) or `NoFunctions`.
 */
export async function loadFunctions(modules: readonly string[], cwd: string): Promise<LoadedFunction[]> {
  const dir = await mkdtemp(join(tmpdir(), 'faasade-load-'));
  try {
    const loaded: LoadedFunction[] = [];
    for (const [index, module] of modules.entries()) loaded.push(...(await loadModule(await moduleFileOf(resolve(cwd, module)), join(dir, `m${index}.mjs`))));
    if (loaded.length === 0) throw new BuildError('NoFunctions', `no function declared in ${modules.join(', ') || '(no modules given)'}: export one made with onHttp() or onObject()`);
    return loaded;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function loadModule(modulePath: string, outfile: string): Promise<LoadedFunction[]> {
  const reached = new Set<string>();
  try {
    await build({
      entryPoints: [modulePath], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
      logLevel: 'silent', plugins: [observe(reached), workspaceSourcePlugin()],
    });
  } catch (error) {
    throw new BuildError('FunctionLoadFailed', `${modulePath} does not bundle: ${firstLine(error)}`, { cause: error });
  }
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
  } catch (error) {
    throw new BuildError('FunctionLoadFailed', `${modulePath} throws while loading: ${firstLine(error)}`, { cause: error });
  }
  const nativePackages = NATIVE_PACKAGES.filter((name) => reached.has(name));
  const functions: LoadedFunction[] = [];
  // The default export first: a declaration also exported by name is one function.
  const entries = Object.entries(exports).sort(([a], [b]) => Number(b === 'default') - Number(a === 'default'));
  const seen = new Set<unknown>();
  for (const [exportName, value] of entries) {
    if (seen.has(value)) continue;
    seen.add(value);
    if (isDeclaration(value)) {
      functions.push({ definition: value, modulePath, exportName, usesStorage: reached.has('@faasade/core/storage'), nativePackages });
    } else if (exportName === 'default' || looksLikeFunction(value)) {
      throw new BuildError('NoTrigger', `${modulePath} (export ${exportName}) ${describe(value)}: declare it with onHttp({ name, route }, handler) or onObject({ name, bucket }, handler)`, { functionName: nameOf(value) });
    }
  }
  return functions;
}

// Records the bare specifiers the module's graph imports, and leaves native packages out
// of the bundle: loaded from where they are installed, by absolute path.
function observe(reached: Set<string>): Plugin {
  return {
    name: 'faasade-observe',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        reached.add(args.path);
        const root = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0]!;
        if (!NATIVE_PACKAGES.includes(root)) return undefined;
        reached.add(root);
        const file = createRequire(join(args.resolveDir, 'noop.js')).resolve(args.path);
        return { path: pathToFileURL(file).href, external: true };
      });
    },
  };
}

function isDeclaration(value: unknown): value is FunctionDefinition {
  const candidate = value as Partial<FunctionDefinition> | null;
  return (candidate?.trigger === 'http' || candidate?.trigger === 'object') && typeof candidate.handler === 'function' && typeof candidate.options?.name === 'string';
}

function looksLikeFunction(value: unknown): boolean {
  return typeof (value as { options?: { name?: unknown } } | null)?.options?.name === 'string';
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'is a plain function, not a declaration with a trigger';
  const trigger = (value as { trigger?: unknown } | null)?.trigger;
  if (looksLikeFunction(value)) return `declares function "${nameOf(value)}" with ${trigger === undefined ? 'no trigger' : `an unknown trigger ${JSON.stringify(trigger)}`}`;
  return 'is not a function declaration';
}

function nameOf(value: unknown): string | undefined {
  const name = (value as { options?: { name?: unknown } } | null)?.options?.name;
  return typeof name === 'string' ? name : undefined;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
