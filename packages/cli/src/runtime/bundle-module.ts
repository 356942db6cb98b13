import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../errors.js';

/**
 * A function module bundled for loading: its own files in one ESM file, packages left as
 * imports. `packages` names, for each package the bundle imports, the project file that
 * imports it (for an error that says where a missing package is wanted).
 */
export type BundleResult =
  | { ok: true; file: string; inputs: string[]; packages: Record<string, string> }
  | { ok: false; error: CliError; inputs: string[] };

interface CacheRecord {
  v: number;
  file: string;
  packages: Record<string, string>;
  inputs: Array<[path: string, mtimeMs: number, size: number]>;
}

const FORMAT_VERSION = 2;
const BUILTINS = new Set(builtinModules);
// Lets CommonJS files of the project `require()` from inside the ESM bundle.
const BANNER = "import { createRequire as __faasadeRequire } from 'node:module'; const require = __faasadeRequire(import.meta.url);";
/** Beside the bundles: the core their imports resolve to (see {@link bundleDirOf}). */
const CORE_FILE = 'core.mjs';
const CORE_SOURCE = "export * from '@faasade/core/adapter';\n";

/**
 * esbuild's API, loaded when a module has no cached bundle. It is CommonJS: require()
 * loads it in ~16 ms, an ESM import in ~40 ms (Node first scans its 100 KB source for
 * named exports) — a first start's largest saving short of not bundling.
 */
function loadEsbuild(): typeof import('esbuild') {
  return createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
}

/**
 * Bundles a function module the way a deployment does (esbuild; TypeScript or JavaScript;
 * the project's own files inlined, package imports kept as they are written), and caches
 * the result keyed by the module and the export conditions: a start with unchanged sources
 * loads without running esbuild at all. `inputs` are the project files the bundle was made
 * from (what to watch for reloads), also when bundling failed.
 *
 * The bundle is written where Node resolves its package imports exactly as from the
 * module's own folder (see {@link bundleDirOf}), so Node itself loads the very files the
 * module would load, packages stay shared with every other instance, and native modules
 * work. esbuild then needs no plugin: a resolve callback per import cost a first start
 * ~35 ms and each reload ~18 ms of messages between esbuild and Node.
 */
export async function bundleFunctionModule(entry: string, label: string, cacheDir: string): Promise<BundleResult> {
  const key = cacheKey(entry);
  const recordPath = join(cacheDir, `${key}.json`);
  const cached = await cachedBundle(entry, cacheDir);
  if (cached) return cached;

  const esbuild = loadEsbuild();
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [entry], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20',
      write: false, metafile: true, sourcemap: 'inline', sourcesContent: false, conditions: exportConditions(),
      logLevel: 'silent', banner: { js: BANNER },
    });
  } catch (error) {
    return { ok: false, error: buildError(error, label), inputs: [entry, ...errorFiles(error)] };
  }
  const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.includes('<') && !path.includes(':')).map((path) => resolve(path));
  const packages = packageImporters(result.metafile.inputs);
  const dir = await bundleDirOf(entry, cacheDir);
  await mkdir(dir, { recursive: true });
  // Named by content: what is remembered about a bundle (its declarations) can never
  // be taken for another one's.
  const contents = result.outputFiles[0]!.contents;
  const file = join(dir, `${key}-${createHash('sha256').update(contents).digest('hex').slice(0, 12)}.mjs`);
  await writeFile(file, contents);
  await writeCoreFile(dir);
  await removeOlderBundles(dir, key, file);
  await mkdir(cacheDir, { recursive: true });
  await writeCache(recordPath, { v: FORMAT_VERSION, file, packages, inputs: await Promise.all(inputs.map(async (path) => fingerprint(path))) });
  return { ok: true, file, inputs, packages };
}

/**
 * Where the bundle of `entry` is written: `node_modules/.cache/faasade` of the nearest
 * folder at or above the module's (real) folder that has a `node_modules` — the usual home
 * of tools' caches. Node resolves a package import from there exactly as from the module
 * itself: the `node_modules` folders it then walks are the module's own (`.cache` and its
 * subfolder have none, and no folder between the module and that one has any). Without a
 * `node_modules` anywhere above, the project's cache folder (a package import then fails at
 * load, naming the file that wants it).
 */
export async function bundleDirOf(entry: string, cacheDir: string): Promise<string> {
  let dir = dirname(await realpath(entry));
  for (;;) {
    if (basename(dir) !== 'node_modules' && await isDirectory(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'faasade');
    const parent = dirname(dir);
    if (parent === dir) return cacheDir;
    dir = parent;
  }
}

/**
 * The core a bundle in `dir` resolves `@faasade/core/adapter` to (the copy its own imports
 * of core load, so a function and the code invoking it share one core, as in a deployment),
 * or undefined when none is installed there.
 */
export async function importCoreBeside(bundleFile: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(pathToFileURL(join(dirname(bundleFile), CORE_FILE)).href)) as Record<string, unknown>;
  } catch (error) {
    if (isModuleNotFound(error)) return undefined;
    throw error;
  }
}

/** True for Node's "cannot find module or package" failures of an import. */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
}

async function writeCoreFile(dir: string): Promise<void> {
  const path = join(dir, CORE_FILE);
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current !== CORE_SOURCE) await writeFile(path, CORE_SOURCE);
}

/** Each package (not a Node builtin) the bundle imports, and the first project file importing it. */
function packageImporters(inputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>): Record<string, string> {
  const packages: Record<string, string> = {};
  for (const [file, input] of Object.entries(inputs)) {
    for (const { path, external } of input.imports) {
      if (!external || path.startsWith('node:') || BUILTINS.has(path.split('/')[0]!)) continue;
      packages[path] ??= resolve(file);
    }
  }
  return packages;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** The cached bundle of `entry` when none of its inputs changed since it was made. */
export async function cachedBundle(entry: string, cacheDir: string): Promise<(BundleResult & { ok: true }) | undefined> {
  const cached = await readCache(join(cacheDir, `${cacheKey(entry)}.json`));
  return cached ? { ok: true, file: cached.file, inputs: cached.inputs.map(([path]) => path), packages: cached.packages } : undefined;
}

/** Where a project keeps, between runs, what it knows of its modules' bundles (the bundles themselves: {@link bundleDirOf}). */
export function bundleCacheDir(root: string): string {
  return join(root, '.faasade', 'cache', 'modules');
}

function cacheKey(entry: string): string {
  return createHash('sha256').update(JSON.stringify([FORMAT_VERSION, entry, exportConditions()])).digest('hex').slice(0, 24);
}

/** Export conditions this process resolves with (`--conditions` / `-C`), for esbuild to match (a package's `#imports`). */
export function exportConditions(): string[] {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS?.split(/\s+/) ?? [])];
  const conditions: string[] = [];
  args.forEach((arg, index) => {
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(arg);
    if (inline) conditions.push(inline[1]!);
    else if ((arg === '--conditions' || arg === '-C') && args[index + 1]) conditions.push(args[index + 1]!);
  });
  return conditions;
}

// Each edit makes a new bundle; the ones before it are never loaded again (a running
// instance keeps its code in memory), so they go.
async function removeOlderBundles(cacheDir: string, key: string, keep: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  const stale = names.filter((name) => name.startsWith(`${key}-`) && !keep.endsWith(name.replace(/\.declared\.json$/, '')));
  await Promise.all(stale.map((name) => rm(join(cacheDir, name), { force: true })));
}

async function readCache(path: string): Promise<CacheRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as CacheRecord;
    if (record.v !== FORMAT_VERSION) return undefined;
    await stat(record.file);
    for (const [input, mtimeMs, size] of record.inputs) {
      const now = await stat(input);
      if (now.mtimeMs !== mtimeMs || now.size !== size) return undefined;
    }
    return record;
  } catch {
    return undefined;
  }
}

async function writeCache(path: string, record: CacheRecord): Promise<void> {
  // A cache that cannot be written only costs the next start a rebuild.
  await writeFile(path, JSON.stringify(record)).catch(() => {});
}

async function fingerprint(path: string): Promise<[string, number, number]> {
  const info = await stat(path);
  return [path, info.mtimeMs, info.size];
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

function buildError(error: unknown, label: string): CliError {
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  if (!first) return new CliError('FunctionLoadFailed', `${label} could not be bundled: ${(error as Error).message}`, { cause: error });
  const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : '';
  return new CliError('FunctionLoadFailed', `${label} failed to load: ${where}${first.text}`, { cause: error });
}

function errorFiles(error: unknown): string[] {
  const errors = (error as { errors?: EsbuildMessage[] }).errors ?? [];
  return errors.flatMap((message) => (message.location?.file && !message.location.file.startsWith('<') ? [resolve(message.location.file)] : []));
}
