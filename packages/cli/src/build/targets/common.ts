import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bundleEntry, type BundleOutput } from '../bundle.js';
import type { DeploySpec } from '../deploy-spec.js';
import { adapterEntryOf, entrySource } from '../entries.js';
import { BuildError, functionError } from '../errors.js';
import { platformPackages } from '../native.js';
import type { BuildArch, BuildTargetName, BuiltFunction, LoadedFunction } from '../types.js';
import { copyPackages, dependencyClosure, type VendoredPackage } from '../vendor.js';

/** What a target needs to assemble one function's artifact. */
export interface AssembleContext {
  target: BuildTargetName;
  arch: BuildArch;
  /** The staging directory; artifacts move to the output directory once all are built. */
  stagingDir: string;
  fetchCache: string | false;
}

/** How one cloud turns functions into artifacts and a template. */
export interface TargetBuilder {
  /** Refuses what the cloud cannot run. @throws BuildError naming the function. */
  check(spec: DeploySpec): void;
  /** Writes the function's artifact under `context.stagingDir`. */
  assemble(fn: LoadedFunction, spec: DeploySpec, context: AssembleContext): Promise<BuiltFunction>;
  /** The template's file name and text for all functions. */
  template(specs: readonly DeploySpec[], context: AssembleContext): { file: string; text: string };
}

/**
 * Bundles a function's entry for a target into `dir` (index.mjs and chunks/), leaving
 * `external` packages (native ones, the runtime library the platform loads) as imports.
 */
export async function bundleFunction(fn: LoadedFunction, context: AssembleContext, dir: string, external: readonly string[]): Promise<BundleOutput> {
  await requireAdapterExport(fn, context.target);
  const source = entrySource(context.target, fn);
  return bundleEntry(fn.definition.options.name, source, dir, external);
}

const adapterModules = new Map<string, Promise<Record<string, unknown>>>();

// A TypeScript import of a missing export bundles as undefined: check the adapter itself,
// so an outdated adapter fails the build rather than the deployed function.
async function requireAdapterExport(fn: LoadedFunction, target: BuildTargetName): Promise<void> {
  const { module, name } = adapterEntryOf(target, fn);
  let loading = adapterModules.get(module);
  if (!loading) adapterModules.set(module, (loading = import(module) as Promise<Record<string, unknown>>));
  const adapter = await loading.catch(() => undefined);
  if (typeof adapter?.[name] !== 'function') {
    throw functionError('AdapterMissing', fn.definition.options.name, `${module} has no ${name}, so ${target} cannot run ${fn.definition.trigger} functions with it: update ${module.split('/').slice(0, 2).join('/')}`);
  }
}

/**
 * The packages a function's native dependencies need in `node_modules` for Linux/`arch`:
 * each with its production dependencies and its platform binaries.
 */
export async function nativeVendoring(fn: LoadedFunction, context: AssembleContext): Promise<VendoredPackage[]> {
  const name = fn.definition.options.name;
  const packages: VendoredPackage[] = [];
  for (const nativePackage of fn.nativePackages) {
    const closure = await vendorClosure(name, nativePackage, dirname(fn.modulePath));
    packages.push(...closure, ...(await platformPackages(name, nativePackage, closure[0]!.dir, context.arch, context.fetchCache)));
  }
  return packages;
}

/** A package and its dependencies as installed where `fromDir` resolves them. */
export async function vendorClosure(functionName: string, name: string, fromDir: string): Promise<VendoredPackage[]> {
  try {
    return await dependencyClosure(name, fromDir, (missing, requiredBy) => {
      throw functionError('NativeBinariesMissing', functionName, `${missing} (needed by ${requiredBy}) is not installed: install it next to the function`);
    });
  } catch (error) {
    if (error instanceof BuildError) throw error;
    throw functionError('BundleFailed', functionName, (error as Error).message, error);
  }
}

/** Copies vendored packages into `<dir>/node_modules`. */
export async function installVendored(dir: string, packages: readonly VendoredPackage[]): Promise<void> {
  if (packages.length) await copyPackages(dedupe(packages), dir);
}

function dedupe(packages: readonly VendoredPackage[]): VendoredPackage[] {
  return [...new Map(packages.map((pkg) => [pkg.name, pkg])).values()];
}

/** Writes a JSON file, two-space indented, with a final newline. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The version of an installed package directory. */
export async function installedVersion(dir: string): Promise<string> {
  return (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The fields every target reports for a function. */
export function builtFunction(fn: LoadedFunction, artifact: string, zip: string | undefined, bundleDir: string, bundle: BundleOutput, vendored: readonly VendoredPackage[]): BuiltFunction {
  return {
    name: fn.definition.options.name,
    trigger: fn.definition.trigger,
    artifact, zip, bundleDir,
    entryBytes: bundle.entryBytes,
    entryFiles: bundle.entryFiles,
    bundleBytes: bundle.totalBytes,
    vendored: dedupe(vendored).map((pkg) => `${pkg.name}@${pkg.version}`),
    bundledPackages: bundle.packages,
  };
}
