import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FunctionDefinition } from '@faasade/core';
import { CliError } from '../errors.js';
import { readProjectConfig } from '../project/config.js';
import { discoverModules, type ModuleEntry } from '../project/discover.js';
import { bundleCacheDir } from '../runtime/bundle-module.js';
import { loadFunctionModule, type FunctionInstance } from '../runtime/load-module.js';
import { applyBucketEnv } from '../storage/bindings.js';

/** A function picked for one invocation, with the instance it was loaded in. */
export interface FoundFunction {
  fn: FunctionDefinition;
  instance: FunctionInstance;
}

/**
 * Finds what `faasade invoke <function>` names: a module path (`src/hello.ts`, a package
 * directory, or `path#name` for one of several functions in a module), else the name of a
 * function the project declares (modules are loaded in discovery order until it is found).
 * @throws CliError `FunctionNotFound`, `FunctionLoadFailed` or `ConfigInvalid`.
 */
export async function findFunction(spec: string, root: string, configFile: string | undefined): Promise<FoundFunction> {
  const config = await readProjectConfig(root, configFile);
  applyBucketEnv(root, config.buckets);
  const [path, name] = splitSpec(spec);
  if (await isPath(root, path)) {
    const { modules, problems } = await discoverModules(root, [path], true);
    if (problems[0]) throw problems[0];
    return pick(await load(modules[0]!, root), name, path);
  }
  const { modules } = await discoverModules(root, config.functions, config.file !== undefined);
  const seen: string[] = [];
  const failures: CliError[] = [];
  for (const entry of modules) {
    const result = await loadFunctionModule(entry.file, entry.label, bundleCacheDir(root));
    if (!result.ok) {
      failures.push(result.error);
      continue;
    }
    const fn = result.instance.functions.find((candidate) => candidate.options.name === spec);
    if (fn) return { fn, instance: result.instance };
    seen.push(...result.instance.functions.map((candidate) => candidate.options.name));
  }
  const known = seen.length > 0 ? ` (declared: ${seen.join(', ')})` : '';
  const broken = failures.length > 0 ? `; ${failures.length} module(s) failed to load, first: ${failures[0]!.message}` : '';
  throw new CliError('FunctionNotFound', `no function named "${spec}"${known}${broken}; check the name, or pass the path of its module`);
}

function splitSpec(spec: string): [string, string | undefined] {
  const hash = spec.lastIndexOf('#');
  return hash > 0 ? [spec.slice(0, hash), spec.slice(hash + 1)] : [spec, undefined];
}

async function isPath(root: string, spec: string): Promise<boolean> {
  if (/[\\/]/.test(spec) || /\.[cm]?[jt]s$/.test(spec)) return true;
  return stat(resolve(root, spec)).then(() => true, () => false);
}

async function load(entry: ModuleEntry, root: string): Promise<FunctionInstance> {
  const result = await loadFunctionModule(entry.file, entry.label, bundleCacheDir(root));
  if (!result.ok) throw result.error;
  return result.instance;
}

function pick(instance: FunctionInstance, name: string | undefined, path: string): FoundFunction {
  const names = instance.functions.map((fn) => fn.options.name);
  if (name !== undefined) {
    const fn = instance.functions.find((candidate) => candidate.options.name === name);
    if (!fn) throw new CliError('FunctionNotFound', `${path} declares no function "${name}" (it declares ${names.join(', ')})`);
    return { fn, instance };
  }
  if (instance.functions.length > 1) {
    throw new CliError('FunctionNotFound', `${path} declares ${names.join(', ')}; say which with ${path}#<name>`);
  }
  return { fn: instance.functions[0]!, instance };
}
