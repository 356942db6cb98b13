/**
 * Bundles for test/bench/observability.ts, made as a deploy build makes them (esbuild,
 * `source` condition, Node 20, minified): the current code, and a baseline where the
 * files observability changed are taken as they were before it (git show
 * OBSERVABILITY_COMMIT^:file), so the difference is observability and nothing else.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** The commit that added core's observability; its parent is the baseline. */
export const OBSERVABILITY_COMMIT = process.env.BENCH_OBSERVABILITY_COMMIT ?? '5e4ccd5';

const REPO = join(import.meta.dirname, '..', '..');
// The files that commit changed so that core observes invocations; everything else is shared.
const CHANGED = [
  'packages/core/src/context/create-context.ts',
  'packages/core/src/context/context.ts',
  'packages/core/src/http/invoke.ts',
  'packages/core/src/events/invoke-object.ts',
  'packages/core/src/storage/driver-handle.ts',
  'packages/core/src/log/logger.ts',
];

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Files edited since the observability commit for other reasons (the baseline misses
 * those edits, so the comparison drifts); later observability commits are expected.
 */
export function baselineDrift(): string[] {
  return CHANGED.filter((file) => git('log', '--format=%s', `${OBSERVABILITY_COMMIT}..HEAD`, '--', file)
    .split('\n').some((subject) => subject.trim() !== '' && !/observability/i.test(subject)));
}

function baselinePlugin(): Plugin {
  const before = new Map(CHANGED.map((file) => [join(REPO, file), git('show', `${OBSERVABILITY_COMMIT}^:${file}`)]));
  return {
    name: 'before-observability',
    setup(plugin) {
      plugin.onLoad({ filter: /packages[\\/]core[\\/]src[\\/].*\.ts$/ }, (args) => {
        const contents = before.get(args.path);
        return contents === undefined ? undefined : { contents, loader: 'ts' };
      });
    },
  };
}

/** Bundles `input` (a file, or module text) into `outfile`, optionally as the baseline; returns its size in bytes. */
export async function bundle(input: { file?: string; contents?: string }, outfile: string, baseline: boolean, external: string[] = []): Promise<number> {
  await build({
    ...(input.file ? { entryPoints: [input.file] } : { stdin: { contents: input.contents!, resolveDir: import.meta.dirname, loader: 'ts' } }),
    bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node20', outfile, external,
    conditions: ['source'], logLevel: 'error', plugins: baseline ? [baselinePlugin()] : [],
  });
  return statSync(outfile).size;
}
