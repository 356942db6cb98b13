import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BuiltFunction } from '../../packages/cli/src/build/index.js';

/** Fresh processes per import-time sample. */
export const RUNS = 15;

/** The median of `n` numbers, each from a call of `sample`. */
export function median(n: number, sample: () => number): number {
  const values = Array.from({ length: n }, sample).sort((a, b) => a - b);
  return values[Math.floor(n / 2)]!;
}

/**
 * What importing `file` adds over importing an empty module, in milliseconds: each of
 * {@link RUNS} fresh processes first imports one empty module (untimed: it starts the ES
 * module loader) and `platform`, what the platform loads before the function (its runtime
 * library), then times a second empty module and `file`; the result is the median of the
 * differences, which keeps the machine's load from shifting one side only.
 */
export function addedImportMs(file: string, emptyA: string, emptyB: string, platform?: string): number {
  const script = [
    `await import(${JSON.stringify(emptyA)});`,
    platform ? `await import(${JSON.stringify(platform)});` : '',
    `let t = performance.now(); await import(${JSON.stringify(emptyB)}); const empty = performance.now() - t;`,
    `t = performance.now(); await import(${JSON.stringify(file)}); const full = performance.now() - t;`,
    'process.stdout.write(String(full - empty));',
  ].join('\n');
  return median(RUNS, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })));
}

/** Raw and gzip bytes of files in a directory (each compressed alone, as a zip does). */
export function sizes(dir: string, files: readonly string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

// What the runtime libraries the platform loads look like to our entry: registration calls.
const STUBS: Record<string, string> = {
  '@azure/functions': 'const noop = () => {}; export const app = { http: noop, eventGrid: noop, storageBlob: noop, setup: noop }; export default { app };',
  // The framework serves HTTP with Express: node:http is loaded before it loads the function.
  '@google-cloud/functions-framework': "import 'node:http'; export const http = () => {}; export const cloudEvent = () => {}; export default { http, cloudEvent };",
};

/** A measurable copy of an artifact: its entry, and the runtime library stub the platform loads first. */
export interface MeasurableCopy {
  entry: string;
  platform: string | undefined;
}

/**
 * A copy of a built function where the cloud's runtime library (loaded by the platform
 * before the function, and measured by the adapter benchmarks) is a stub, so an import
 * measures our bundle; native packages the platform installs (GCP) are linked from this workspace.
 */
export function measurableCopy(fn: BuiltFunction, into: string, runtimeLibrary: string | undefined): MeasurableCopy {
  rmSync(into, { recursive: true, force: true });
  cpSync(fn.bundleDir, into, { recursive: true });
  const platform = runtimeLibrary ? stubRuntimeLibrary(into, runtimeLibrary) : undefined;
  const manifestFile = join(fn.bundleDir, 'package.json');
  const manifest = (existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : {}) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name === runtimeLibrary) continue;
    const link = join(into, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    try {
      symlinkSync(packageDir(name), link, 'dir');
    } catch {
      // Already vendored into the artifact (AWS, Azure).
    }
  }
  return { entry: join(into, 'index.mjs'), platform };
}

/**
 * The first request an AWS artifact answers after its import, in a fresh process
 * (median of {@link RUNS}): what a cold start costs beyond the import (contexts, the first
 * run of each code path, anything loaded on first use). `event` is a Lambda event.
 */
export function firstRequestMs(entry: string, event: unknown): number {
  const script = [
    `const { handler } = await import(${JSON.stringify(entry)});`,
    'const context = { awsRequestId: "bench", getRemainingTimeInMillis: () => 30000 };',
    `const t = performance.now(); const result = await handler(${JSON.stringify(event)}, context); const ms = performance.now() - t;`,
    'if (result.statusCode !== 200) throw new Error("answered " + result.statusCode);',
    // Last on its own line: the function may log to stdout first.
    "process.stdout.write('\\n' + String(ms));",
  ].join('\n');
  return median(RUNS, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').at(-1)));
}

/** Puts the stub of a runtime library into `<dir>/node_modules`; returns its module file. */
export function stubRuntimeLibrary(dir: string, runtimeLibrary: string): string {
  const lib = join(dir, 'node_modules', runtimeLibrary);
  rmSync(lib, { recursive: true, force: true });
  mkdirSync(lib, { recursive: true });
  writeFileSync(join(lib, 'package.json'), JSON.stringify({ name: runtimeLibrary, type: 'module', main: 'index.js' }));
  writeFileSync(join(lib, 'index.js'), STUBS[runtimeLibrary]!);
  return join(lib, 'index.js');
}

function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(join('node_modules', name))) dir = dirname(dir);
  return dir;
}
