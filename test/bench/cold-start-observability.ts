/**
 * What observability costs hello's cold start, per target: the bundle `faasade build`
 * makes, and the same bundle with core's observability replaced by what a core without
 * it would have — a one-line JSON logger (`JSON.stringify` of level, message and fields),
 * an invocation telemetry that does nothing, error reports that carry only the error.
 * Both are measured the way cold-start.ts measures artifacts (raw/gzip of what the cold
 * start loads; import time over an empty module, median of 15 fresh processes, the
 * runtime library stubbed and loaded first), interleaved, so the difference is
 * observability: the structured logger, trace-context parsing, the EMF line and the
 * bridge loader. (Spans, SDK flushes and user metrics are in a chunk no cold start loads.)
 *
 * Run: npx tsx --conditions=source test/bench/cold-start-observability.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { bundleEntry } from '../../packages/cli/src/build/bundle.js';
import { CLOUD_MODULES, entrySource } from '../../packages/cli/src/build/entries.js';
import { BUILD_TARGETS } from '../../packages/cli/src/build/index.js';
import { loadFunctions } from '../../packages/cli/src/build/load.js';
import { addedImportMs, RUNS, sizes, stubRuntimeLibrary } from './cold-start-measure.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'faasade-cold-obs-'));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

// Core without observability: the modules the rest of core imports it through, replaced.
const WITHOUT: Record<string, string> = {
  'log/logger.ts': `
    export const levelFromEnv = () => 'info';
    export function safeStringify(value) { try { return JSON.stringify(value) ?? 'null'; } catch { return '"[unserializable]"'; } }
    export function createJsonLogger(options = {}) {
      const sink = options.sink ?? ((line) => process.stdout.write(line));
      const write = (level) => (message, fields) => sink(safeStringify({ level, message, ...options.fields, ...fields }) + '\\n', level);
      return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (fields) => createJsonLogger({ ...options, fields: { ...options.fields, ...fields } }) };
    }`,
  'observability/invocation-telemetry.ts': `
    export const TELEMETRY = Symbol('telemetry');
    export function telemetryOf() { return undefined; }
    const NO_METRICS = { count() {}, record() {} };
    export class InvocationTelemetry {
      trace() { return undefined; }
      traceHeaders() { return {}; }
      get metrics() { return NO_METRICS; }
      finishSoon() {}
    }`,
  'observability/error-report.ts': 'export function errorReport(error) { return { error }; }',
};

function withoutObservability(): Plugin {
  return {
    name: 'without-observability',
    setup(build) {
      build.onLoad({ filter: /packages[\\/]core[\\/]src[\\/].*\.ts$/ }, (args) => {
        const key = Object.keys(WITHOUT).find((file) => args.path.replace(/\\/g, '/').endsWith(`core/src/${file}`));
        return key === undefined ? undefined : { contents: WITHOUT[key], loader: 'js' };
      });
    },
  };
}

try {
  const [emptyA, emptyB] = [join(dir, 'empty-a.mjs'), join(dir, 'empty-b.mjs')];
  for (const file of [emptyA, emptyB]) writeFileSync(file, 'export {};\n');
  const [hello] = await loadFunctions([join(repo, 'packages/functions/hello')], repo);
  console.log(`Node ${process.version}; import: median of ${RUNS} fresh processes over an empty module, runtime library stubbed and loaded first\n`);
  console.log('| target | with observability: load raw / gzip | import | without: load raw / gzip | import | observability adds |');
  console.log('|---|---|---|---|---|---|');
  for (const target of BUILD_TARGETS) {
    const runtime = CLOUD_MODULES[target].runtimeLibrary;
    const built: Record<'with' | 'without', { raw: number; gzip: number; entry: string; platform: string | undefined }> = {} as never;
    for (const variant of ['with', 'without'] as const) {
      const out = join(dir, target, variant);
      const bundle = await bundleEntry('hello', entrySource(target, hello!), out, runtime ? [runtime] : [], variant === 'without' ? [withoutObservability()] : []);
      const platform = runtime ? stubRuntimeLibrary(out, runtime) : undefined;
      built[variant] = { ...sizes(out, bundle.entryFiles), entry: join(out, 'index.mjs'), platform };
    }
    // Interleaved, so the machine's load shifts both alike.
    const ms = { with: [] as number[], without: [] as number[] };
    for (let round = 0; round < 3; round++) for (const variant of ['with', 'without'] as const) ms[variant].push(addedImportMs(built[variant].entry, emptyA, emptyB, built[variant].platform));
    const mid = (values: number[]) => values.sort((a, b) => a - b)[1]!;
    const [w, wo] = [built.with, built.without];
    console.log(`| ${target} | ${kb(w.raw)} / ${kb(w.gzip)} | ${mid(ms.with).toFixed(2)} ms | ${kb(wo.raw)} / ${kb(wo.gzip)} | ${mid(ms.without).toFixed(2)} ms | ${kb(w.raw - wo.raw)} / ${kb(w.gzip - wo.gzip)}, ${(mid(ms.with) - mid(ms.without)).toFixed(2)} ms |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

