/**
 * What each source module adds to what hello's cold start loads, per target: the bundle
 * `faasade build` makes (same entry, same esbuild options), its entry files broken down
 * by module (minified bytes), grouped by area, with the gzip size of the whole. For
 * finding what to cut when the cold-start report (cold-start.ts) grows.
 *
 * Run: npx tsx --conditions=source test/bench/cold-start-analyze.ts [aws|azure|gcp …] [--all]
 * (--all lists every module, not only the largest 25).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEntry } from '../../packages/cli/src/build/bundle.js';
import { CLOUD_MODULES, entrySource } from '../../packages/cli/src/build/entries.js';
import { BUILD_TARGETS, type BuildTargetName } from '../../packages/cli/src/build/index.js';
import { loadFunctions } from '../../packages/cli/src/build/load.js';
import { sizes } from './cold-start-measure.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const targets = args.filter((arg) => (BUILD_TARGETS as readonly string[]).includes(arg)) as BuildTargetName[];
const all = args.includes('--all');
const dir = mkdtempSync(join(tmpdir(), 'faasade-analyze-'));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

// The area a module belongs to: core's folders, the adapter, the function, a package.
function areaOf(path: string): string {
  const file = relative(repo, join(dir, path)).replace(/\\/g, '/');
  const core = /^packages\/core\/src\/([^/]+)\//.exec(file);
  if (core) return `core/${core[1]}`;
  const adapter = /^packages\/adapters\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(file);
  if (adapter) return `${adapter[1]} adapter${adapter[2] ? `/${adapter[2]}` : ''}`;
  if (file.startsWith('packages/functions/')) return 'the function';
  if (file.includes('faasade-entry')) return 'the generated entry';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return pkg ? `npm: ${pkg[1]}` : file;
}

try {
  const [hello] = await loadFunctions([join(repo, 'packages/functions/hello')], repo);
  for (const target of targets.length ? targets : BUILD_TARGETS) {
    const out = join(dir, target);
    const external = CLOUD_MODULES[target].runtimeLibrary ? [CLOUD_MODULES[target].runtimeLibrary!] : [];
    const bundle = await bundleEntry('hello', entrySource(target, hello!), out, external);
    const { raw, gzip } = sizes(out, bundle.entryFiles);
    console.log(`\n## ${target}: hello's cold-start load ${kb(raw)} raw / ${kb(gzip)} gzip (${bundle.entryFiles.join(', ')})\n`);
    const areas = new Map<string, number>();
    for (const { path, bytes } of bundle.entryModules) areas.set(areaOf(path), (areas.get(areaOf(path)) ?? 0) + bytes);
    console.log('| area | bytes |\n|---|---|');
    for (const [area, bytes] of [...areas].sort((a, b) => b[1] - a[1])) console.log(`| ${area} | ${bytes} |`);
    console.log('\n| module | bytes |\n|---|---|');
    for (const { path, bytes } of all ? bundle.entryModules : bundle.entryModules.slice(0, 25)) {
      console.log(`| ${relative(repo, join(out, path)).replace(/\\/g, '/')} | ${bytes} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
