import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../errors.js';

/** A function module bundled for loading: its own files in one ESM file, packages left as imports. */
export type BundleResult =
  | { ok: true; file: string; inputs: string[]; coreUrl: string | undefined }
  | { ok: false; error: CliError; inputs: string[] };

interface CacheRecord {
  v: number;
  file: string;
  coreUrl: string | undefined;
  inputs: Array<[path: string, mtimeMs: number, size: number]>;
}

const FORMAT_VERSION = 1;
const BUILTINS = new Set(builtinModules);
// Lets CommonJS files of the project `require()` from inside the ESM bundle.
const BANNER = "import { createRequire as __faasadeRequire } from 'node:module'; const require = __faasadeRequire(import.meta.url);";
const CORE = 'faasade-dev:core';

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
 * the project's own files inlined, every package import kept as an import of the exact
 * file Node would load, so packages stay shared and native modules work), and caches the
 * result under `cacheDir` keyed by the module and the export conditions: a start with
 * unchanged sources loads without running esbuild at all. `inputs` are the project files
 * the bundle was made from (what to watch for reloads), also when bundling failed.
 */
export async function bundleFunctionModule(entry: string, label: string, cacheDir: string): Promise<BundleResult> {
  const conditions = exportConditions();
  const key = cacheKey(entry);
  const recordPath = join(cacheDir, `${key}.json`);
  const cached = await cachedBundle(entry, cacheDir);
  if (cached) return cached;

  const esbuild = loadEsbuild();
  let coreUrl: string | undefined;
  let result;
  try {
    result = await esbuild.build({
      stdin: { contents: `export * as module from ${JSON.stringify(entry)};\nexport * as core from '${CORE}';\n`, resolveDir: dirname(entry), loader: 'js', sourcefile: '<faasade dev entry>' },
      bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, metafile: true,
      sourcemap: 'inline', sourcesContent: false, conditions, mainFields: ['main'], logLevel: 'silent',
      banner: { js: BANNER },
      plugins: [{
        name: 'faasade-packages',
        setup(build) {
          build.onResolve({ filter: /^faasade-dev:core$/ }, async (args) => {
            const found = await build.resolve('@faasade/core/adapter', { kind: 'import-statement', resolveDir: dirname(entry), pluginData: 'inner' });
            if (found.errors.length > 0) return { path: CORE, namespace: 'faasade-empty' };
            coreUrl = pathToFileURL(found.path).href;
            return { path: coreUrl, external: true };
          });
          build.onLoad({ filter: /.*/, namespace: 'faasade-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
          // Packages are imported, not bundled, from the file Node itself would resolve.
          build.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.pluginData === 'inner' || args.path === CORE) return undefined;
            if (args.path.startsWith('node:') || BUILTINS.has(args.path.split('/')[0]!)) return { path: args.path, external: true };
            const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
            if (found.errors.length > 0) return { errors: found.errors };
            if (found.external) return { path: args.path, external: true };
            return { path: args.kind === 'require-call' ? found.path : pathToFileURL(found.path).href, external: true };
          });
        },
      }],
    });
  } catch (error) {
    return { ok: false, error: buildError(error, label), inputs: [entry, ...errorFiles(error)] };
  }
  const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.includes('<') && !path.includes(':')).map((path) => resolve(path));
  await mkdir(cacheDir, { recursive: true });
  // Named by content: what is remembered about a bundle (its declarations) can never
  // be taken for another one's.
  const contents = result.outputFiles[0]!.contents;
  const file = join(cacheDir, `${key}-${createHash('sha256').update(contents).digest('hex').slice(0, 12)}.mjs`);
  await writeFile(file, contents);
  await removeOlderBundles(cacheDir, key, file);
  await writeCache(recordPath, { v: FORMAT_VERSION, file, coreUrl, inputs: await Promise.all(inputs.map(async (path) => fingerprint(path))) });
  return { ok: true, file, inputs, coreUrl };
}

/** The cached bundle of `entry` when none of its inputs changed since it was made. */
export async function cachedBundle(entry: string, cacheDir: string): Promise<(BundleResult & { ok: true }) | undefined> {
  const cached = await readCache(join(cacheDir, `${cacheKey(entry)}.json`));
  return cached ? { ok: true, file: cached.file, inputs: cached.inputs.map(([path]) => path), coreUrl: cached.coreUrl } : undefined;
}

/** Where bundles of a project's modules are kept between runs. */
export function bundleCacheDir(root: string): string {
  return join(root, '.faasade', 'cache', 'modules');
}

/** Forgets the cached bundle of `entry`, so the next load bundles it again (after a package moved, say). */
export async function forgetBundle(entry: string, cacheDir: string): Promise<void> {
  const key = cacheKey(entry);
  await rm(join(cacheDir, `${key}.json`), { force: true });
}

function cacheKey(entry: string): string {
  return createHash('sha256').update(JSON.stringify([FORMAT_VERSION, entry, exportConditions()])).digest('hex').slice(0, 24);
}

/** Export conditions this process resolves packages with (`--conditions` / `-C`), for esbuild to match. */
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
