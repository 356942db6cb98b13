import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildTarget } from './build.js';
import { BuildError, isBuildError } from './errors.js';
import { BUILD_TARGETS, type BuildArch, type BuildTargetName } from './types.js';
import { readProjectConfig } from '../project/config.js';
import { discoverModules } from '../project/discover.js';

/** Usage of `faasade build`, printed by `--help` and after a usage error. */
export const BUILD_USAGE = `usage: faasade build --target aws|azure|gcp [--out <dir>] [--arch x64|arm64] [--offline] [<function module>...]

  Writes a deployable artifact per function (only that cloud's adapter and storage driver,
  bundled and minified; native packages such as sharp with Linux binaries) and the
  deployment template: template.yaml (AWS SAM), main.bicep (Azure) or deploy.sh (gcloud).

  <function module>  a module file or package directory; each export declared with
                     onHttp() or onObject() is a function. Without any, the functions of
                     faasade.config.json ("functions"), else packages/functions/*
  --out <dir>        default .faasade/build/<target>
  --arch             instance CPU on AWS (default x64; arm64 runs on Graviton)
  --offline          never fetch missing platform binaries with npm pack`;

/**
 * The \`faasade build\` command: parses \`argv\` (the arguments after \`build\`), builds, prints
 * one line per artifact and the template, and returns the exit code (0 built, 1 a build
 * error, 2 a usage error). Errors are printed as \`faasade build: [Code] message\`.
 */
export async function runBuild(argv: string[], io: { out?: (line: string) => void; err?: (line: string) => void } = {}): Promise<number> {
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  try {
    const { values, positionals } = parseArguments(argv);
    if (values.help) {
      out(BUILD_USAGE);
      return 0;
    }
    if (values.target === undefined) throw new BuildError('UsageError', `--target is required (${BUILD_TARGETS.join(', ')})`);
    if (!BUILD_TARGETS.includes(values.target as BuildTargetName)) throw new BuildError('UnknownTarget', `unknown target "${values.target}": use ${BUILD_TARGETS.join(', ')}`);
    const modules = positionals.length ? positionals : await discover();
    const result = await buildTarget({
      target: values.target as BuildTargetName,
      modules,
      ...(values.out === undefined ? {} : { outDir: values.out }),
      ...(values.arch === undefined ? {} : { arch: values.arch as BuildArch }),
      ...(values.offline ? { fetchCache: false as const } : {}),
    });
    const shown = (path: string) => relative(process.cwd(), path) || '.';
    for (const fn of result.functions) {
      const lazy = fn.bundledPackages.filter((pkg) => pkg.lazy).length;
      out(`${fn.name} (${fn.trigger}) → ${shown(fn.zip ?? fn.artifact)}  entry ${(fn.entryBytes / 1024).toFixed(1)} KB, ${lazy} lazily loaded packages${fn.vendored.length ? `, node_modules: ${fn.vendored.join(' ')}` : ''}`);
    }
    out(`template → ${shown(result.template)}`);
    return 0;
  } catch (error) {
    if (isBuildError(error)) {
      err(`faasade build: [${error.code}] ${error.message}`);
      if (error.exitCode === 2) err(BUILD_USAGE);
      return error.exitCode;
    }
    err(`faasade build: [Unexpected] ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}

// The project's functions, found as `faasade dev` finds them. Anything discovery could not
// use fails the build: a deployment must not silently leave a function out.
async function discover(): Promise<string[]> {
  let found: Awaited<ReturnType<typeof discoverModules>>;
  try {
    const config = await readProjectConfig(process.cwd());
    found = await discoverModules(config.root, config.functions, config.file !== undefined);
  } catch (error) {
    throw new BuildError('FunctionLoadFailed', (error as Error).message, { cause: error });
  }
  if (found.problems.length) throw new BuildError('FunctionLoadFailed', found.problems.map((problem) => problem.message).join('; '), { cause: found.problems[0] });
  if (found.modules.length === 0) throw new BuildError('NoFunctions', 'no function modules given and none found (faasade.config.json "functions", or packages/functions/*)');
  return found.modules.map((module) => module.file);
}

function parseArguments(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: { target: { type: 'string', short: 't' }, out: { type: 'string', short: 'o' }, arch: { type: 'string' }, offline: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new BuildError('UsageError', (error as Error).message);
  }
}
