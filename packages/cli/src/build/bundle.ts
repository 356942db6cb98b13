import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { functionError, type BuildError } from './errors.js';
import { workspaceSourcePlugin } from './workspace-source.js';

/** What {@link bundleEntry} wrote. */
export interface BundleOutput {
  /** Bytes of the entry module and the chunks it imports statically: what a cold start loads. */
  entryBytes: number;
  /** Those files, relative to the bundle directory (index.mjs first). */
  entryFiles: string[];
  /** Bytes of every JavaScript file written (entry and chunks). */
  totalBytes: number;
  /** npm packages with code in the bundle; `lazy` when only dynamically imported chunks hold it. */
  packages: Array<{ name: string; lazy: boolean }>;
  /** Bytes each source module puts into what a cold start loads (the entry files), largest first. */
  entryModules: Array<{ path: string; bytes: number }>;
}

// CommonJS code bundled into ES modules calls `require` for Node's built-ins (the cloud
// SDKs do); ES modules have none, so the files that mention it get one. Only those: the
// node:module import and createRequire cost a cold start about 1.5 ms, and an HTTP
// function's entry (faasade's own ES modules) never needs them.
const REQUIRE_SHIM = "import{createRequire as __faasadeCreateRequire}from'node:module';const require=__faasadeCreateRequire(import.meta.url);";
// esbuild's `__require` helper (`typeof require`), `require.resolve`-like uses and
// `require("…")` calls; not a method that happens to be called require.
const USES_REQUIRE = /\btypeof require\b|(?<![.\w$#])require\s*(?:\.\s*\w|\(\s*["'`])/;
const ENTRY = 'faasade:entry';

/**
 * Bundles a generated entry module into `outDir/index.mjs`, minified for Node 20, with
 * every dynamic import (the cloud SDKs behind the storage drivers) split into chunks under
 * `outDir/chunks/` that load only when first called. `external` packages stay imports, to
 * be installed beside the bundle. The entry's bare imports resolve from this package (the
 * CLI depends on the three adapters); workspace packages are bundled from their sources.
 * `plugins` run first (the benchmarks use one to swap modules).
 */
export async function bundleEntry(functionName: string, source: string, outDir: string, external: readonly string[], plugins: readonly Plugin[] = []): Promise<BundleOutput> {
  let metafile: Metafile;
  try {
    ({ metafile } = await build({
      entryPoints: { index: ENTRY },
      outdir: outDir,
      bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', minify: true,
      entryNames: '[name]', chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' },
      // ES module builds first: a CommonJS package reached through a dynamic import (the
      // SDKs behind the drivers) would otherwise give its importer a default export only.
      mainFields: ['module', 'main'],
      legalComments: 'external', external: [...external], metafile: true,
      absWorkingDir: outDir, logLevel: 'silent',
      plugins: [...plugins, virtualEntry(source), workspaceSourcePlugin()],
    }));
  } catch (error) {
    throw bundleError(functionName, error);
  }
  const reachable = await pruneUnreachable(metafile, outDir);
  await shimRequire(metafile, outDir, reachable);
  return summarise(metafile, outDir, reachable);
}

/** Gives each written module that uses `require` the shim (and counts its bytes). */
async function shimRequire(metafile: Metafile, outDir: string, files: ReadonlySet<string>): Promise<void> {
  for (const file of files) {
    const path = resolve(outDir, file);
    const code = await readFile(path, 'utf8');
    if (!USES_REQUIRE.test(code)) continue;
    await writeFile(path, REQUIRE_SHIM + code);
    metafile.outputs[file]!.bytes += Buffer.byteLength(REQUIRE_SHIM);
  }
}

/**
 * Deletes the chunks nothing in the entry's import graph loads. esbuild makes a chunk for
 * every dynamic import it scans, even in code tree shaking then drops (a development helper
 * re-exported beside what the function uses): shipping those would be dead weight.
 * Returns the metafile output paths that remain.
 */
async function pruneUnreachable(metafile: Metafile, outDir: string): Promise<Set<string>> {
  const entry = entryOf(metafile);
  const reachable = new Set<string>([entry]);
  for (const file of reachable) {
    for (const imported of metafile.outputs[file]?.imports ?? []) if (!imported.external) reachable.add(imported.path);
  }
  for (const file of Object.keys(metafile.outputs)) {
    const owner = file.endsWith('.LEGAL.txt') ? file.slice(0, -'.LEGAL.txt'.length) : file;
    if (!reachable.has(owner)) await rm(resolve(outDir, file), { force: true });
  }
  await rmdir(join(outDir, 'chunks')).catch(() => undefined); // only when nothing is left in it
  return reachable;
}

function entryOf(metafile: Metafile): string {
  // Dynamically imported modules are entry points of their own in the metafile: ours is index.mjs.
  const entry = Object.keys(metafile.outputs).find((file) => file === 'index.mjs' || (file.endsWith('/index.mjs') && !file.includes('chunks/')));
  if (!entry) throw new Error('esbuild wrote no entry module');
  return entry;
}

function virtualEntry(source: string): Plugin {
  return {
    name: 'faasade-entry',
    setup(build) {
      build.onResolve({ filter: /^faasade:entry$/ }, () => ({ path: ENTRY, namespace: 'faasade-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'faasade-entry' }, () => ({ contents: source, loader: 'js', resolveDir: cliPackageDir() }));
    },
  };
}

/** This package's directory (where the adapters it depends on resolve from). */
export function cliPackageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== '@faasade/cli') {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the @faasade/cli package directory cannot be found');
    dir = parent;
  }
  return dir;
}

function summarise(metafile: Metafile, outDir: string, reachable: ReadonlySet<string>): BundleOutput {
  const outputs = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.mjs') && reachable.has(file));
  // Chunks the entry loads at start-up: its static imports, transitively.
  const eager = new Set<string>([entryOf(metafile)]);
  for (const file of eager) {
    for (const imported of metafile.outputs[file]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) eager.add(imported.path);
  }
  const packages = new Map<string, boolean>();
  for (const [file, output] of outputs) {
    for (const input of Object.keys(output.inputs)) {
      const name = packageOf(input);
      if (name) packages.set(name, (packages.get(name) ?? true) && !eager.has(file));
    }
  }
  const modules = new Map<string, number>();
  for (const file of eager) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]?.inputs ?? {})) if (bytesInOutput > 0) modules.set(input, (modules.get(input) ?? 0) + bytesInOutput);
  }
  return {
    entryModules: [...modules].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes),
    entryBytes: [...eager].reduce((sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0), 0),
    entryFiles: [...eager].map((file) => relative(outDir, resolve(outDir, file))),
    totalBytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
    packages: [...packages].map(([name, lazy]) => ({ name, lazy })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The npm package an input path lies in (its last `node_modules` segment), if any. */
export function packageOf(input: string): string | undefined {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at === -1) return undefined;
  const first = parts[at + 1];
  return first?.startsWith('@') ? `${first}/${parts[at + 2]}` : first;
}

function bundleError(functionName: string, error: unknown): BuildError {
  const errors = (error as { errors?: Array<{ text: string; location?: { file: string } | null }> }).errors ?? [];
  const first = errors[0];
  const where = first?.location?.file ? ` (${first.location.file})` : '';
  return functionError('BundleFailed', functionName, `esbuild could not bundle it: ${first?.text ?? (error as Error).message}${where}`, error);
}
