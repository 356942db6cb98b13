import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { deploySpecOf } from './deploy-spec.js';
import { BuildError, functionError } from './errors.js';
import { loadFunctions } from './load.js';
import { defaultFetchCache } from './native.js';
import type { AssembleContext, TargetBuilder } from './targets/common.js';
import { awsBuilder } from './targets/aws.js';
import { azureBuilder } from './targets/azure.js';
import { gcpBuilder } from './targets/gcp.js';
import { BUILD_TARGETS, type BuildOptions, type BuildResult, type BuiltFunction } from './types.js';

const BUILDERS: Record<BuildOptions['target'], TargetBuilder> = { aws: awsBuilder, azure: azureBuilder, gcp: gcpBuilder };

/**
 * Builds deployable artifacts for one cloud from function declarations, and the
 * deployment template that creates everything they need. One declaration per function
 * feeds every target: trigger, bucket bindings, memory, timeout and warm instances.
 *
 * All or nothing: artifacts are built in a staging directory and moved into `outDir` only
 * when every function built, so a failed build leaves the previous artifacts as they were.
 * Only the build's own files in `outDir` are replaced (`<name>/`, `<name>.zip`, the template).
 *
 * @example
 * const result = await buildTarget({ target: 'aws', modules: ['packages/functions/hello'] });
 * console.log(result.functions[0].artifact); // …/.faasade/build/aws/hello.zip
 * @throws BuildError with a code and a message naming the function and what to change.
 */
export async function buildTarget(options: BuildOptions): Promise<BuildResult> {
  const { builder, loaded, specs, arch, outDir } = await prepare(options);
  const log = options.log ?? (() => {});
  await mkdir(outDir, { recursive: true });
  const stagingDir = join(outDir, `.staging-${process.pid}`);
  const context: AssembleContext = { target: options.target, arch, stagingDir, fetchCache: options.fetchCache ?? defaultFetchCache() };
  try {
    await rm(stagingDir, { recursive: true, force: true });
    await mkdir(stagingDir, { recursive: true });
    const built: BuiltFunction[] = [];
    for (const [index, fn] of loaded.entries()) {
      log(`${options.target}: ${fn.definition.options.name}`);
      built.push(await builder.assemble(fn, specs[index]!, context));
    }
    const template = builder.template(specs, context);
    await writeFile(join(stagingDir, template.file), template.text);
    if (template.file.endsWith('.sh')) await chmod(join(stagingDir, template.file), 0o755);
    const moved = await publish(stagingDir, outDir, built, template.file);
    return { target: options.target, arch, outDir, functions: moved, template: join(outDir, template.file) };
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}

/**
 * The deployment template alone (no artifacts): what `buildTarget` would write beside
 * them, for reviewing a change to the declarations or checking a committed copy.
 * @throws BuildError as {@link buildTarget} does.
 */
export async function buildTemplate(options: BuildOptions): Promise<{ file: string; text: string }> {
  const { builder, specs, arch } = await prepare(options);
  return builder.template(specs, { target: options.target, arch, stagingDir: '', fetchCache: false });
}

async function prepare(options: BuildOptions) {
  const builder = BUILDERS[options.target];
  if (!builder || !BUILD_TARGETS.includes(options.target)) {
    throw new BuildError('UnknownTarget', `unknown target ${JSON.stringify(options.target)}: use ${BUILD_TARGETS.join(', ')}`);
  }
  const arch = options.arch ?? 'x64';
  if (arch !== 'x64' && arch !== 'arm64') throw new BuildError('UsageError', `unknown architecture ${JSON.stringify(arch)}: use x64 or arm64`);
  if (arch === 'arm64' && options.target !== 'aws') {
    throw new BuildError('UsageError', `${options.target === 'azure' ? 'Azure Flex Consumption' : 'Cloud Functions'} runs on x64 only: leave --arch out`);
  }
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.outDir ?? join('.faasade', 'build', options.target));
  const loaded = await loadFunctions(options.modules, cwd);
  const seen = new Map<string, string>();
  for (const fn of loaded) {
    const name = fn.definition.options.name;
    const other = seen.get(name);
    if (other) throw functionError('DuplicateFunction', name, `declared twice (${other} and ${fn.modulePath}): function names must be unique`);
    seen.set(name, fn.modulePath);
  }
  const specs = loaded.map((fn) => deploySpecOf(fn.definition, fn.nativePackages));
  for (const spec of specs) builder.check(spec);
  return { builder, loaded, specs, arch, outDir };
}

// Replaces each function's previous folder and zip, then the template, with the new ones.
async function publish(stagingDir: string, outDir: string, built: readonly BuiltFunction[], templateFile: string): Promise<BuiltFunction[]> {
  const relocate = (path: string | undefined) => (path === undefined ? undefined : join(outDir, path.slice(stagingDir.length + 1)));
  try {
    for (const fn of built) {
      for (const name of [fn.name, `${fn.name}.zip`]) {
        await rm(join(outDir, name), { recursive: true, force: true });
        await rename(join(stagingDir, name), join(outDir, name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      }
    }
    await rename(join(stagingDir, templateFile), join(outDir, templateFile));
  } catch (error) {
    throw new BuildError('WriteFailed', `could not write the artifacts to ${outDir}: ${(error as Error).message}`, { cause: error });
  }
  return built.map((fn) => ({ ...fn, artifact: relocate(fn.artifact)!, zip: relocate(fn.zip), bundleDir: relocate(fn.bundleDir)! }));
}
