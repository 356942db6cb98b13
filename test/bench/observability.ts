/**
 * What observability costs, against the named peers in the same run:
 *   1. logging: one `ctx.log.info` line (each cloud's format) vs a raw `process.stdout.write`
 *      of a hand-written JSON line with the same fields (target: ≤ 5 µs more per line);
 *   2. tracing: one whole invocation through core's toolkit before observability, with it
 *      and no SDK registered (target: ≤ 1 µs more), and with the OpenTelemetry SDK recording;
 *   3. metrics on Lambda: the same invocation with and without faasade's EMF line;
 *   4. cold start: importing the hello function's AWS bundle before observability, with it,
 *      and with a static `@opentelemetry/api` import added (what core avoids).
 * The machine may be loaded by other work: candidates are interleaved round by round and
 * the report gives medians and differences from the same rounds.
 *
 * Run: npx tsx test/bench/observability.ts   (BENCH_ROUNDS, BENCH_IMPORT_RUNS tune it)
 * Log lines go to /dev/null (the script re-runs itself that way); results go to stderr.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { baselineDrift, bundle, OBSERVABILITY_COMMIT } from './observability-bundles.js';
import type * as Subjects from './observability-subjects.js';

if (!process.env.BENCH_CHILD) {
  const result = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'], env: { ...process.env, BENCH_CHILD: '1' },
  });
  process.exit(result.status ?? 1);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 21);
const say = (line = ''): void => void process.stderr.write(`${line}\n`);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs each candidate `batch` times per round, rounds interleaved; per-call ns samples by name. */
async function interleave(candidates: Record<string, () => unknown>, batch: number, around?: Record<string, { before(): void; after(): void }>): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
  for (const [name, run] of Object.entries(candidates)) for (let i = 0; i < 200; i++) await run(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(candidates)) {
      around?.[name]?.before();
      const start = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) await run();
      samples[name]!.push(Number(process.hrtime.bigint() - start) / batch);
      around?.[name]?.after();
    }
  }
  return samples;
}

function report(samples: Record<string, number[]>, reference: string, unit: 'line' | 'invocation'): void {
  const base = median(samples[reference]!);
  say(`candidate                         | µs per ${unit.padEnd(10)} | vs ${reference}`);
  say('----------------------------------|-------------------|------------------------');
  for (const [name, values] of Object.entries(samples)) {
    const value = median(values);
    // The median of per-round differences: both sides of each pair ran under the same load.
    const diff = median(values.map((v, round) => v - samples[reference]![round]!));
    const vs = name === reference ? '—' : `${diff >= 0 ? '+' : ''}${(diff / 1000).toFixed(2)} µs (×${(value / base).toFixed(2)})`;
    say(`${name.padEnd(33)} | ${(value / 1000).toFixed(2).padStart(17)} | ${vs}`);
  }
  say();
}

// Exports at once, so the figure is the SDK's own work (span, processor, forceFlush),
// not an exporter's latency: the SDK's InMemorySpanExporter answers on a timer (≥ 1 ms).
class CountingExporter implements SpanExporter {
  spans = 0;
  export(spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    this.spans += spans.length;
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

function installSdk(): { exporter: CountingExporter; before(): void; after(): void } {
  const exporter = new CountingExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const manager = new AsyncLocalStorageContextManager();
  return {
    exporter,
    before() {
      manager.enable();
      context.setGlobalContextManager(manager);
      trace.setGlobalTracerProvider(provider);
    },
    after() {
      trace.disable();
      context.disable();
      manager.disable();
    },
  };
}

function importSample(file: string): { wall: number; cpu: number } {
  const script = `const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});const w=performance.now()-t;const u=process.cpuUsage(c);process.stdout.write(JSON.stringify({wall:w,cpu:(u.user+u.system)/1000}))`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { wall: number; cpu: number };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'faasade-obs-bench-'));
  const drift = baselineDrift();
  say(`Node ${process.version}; baseline = core before ${OBSERVABILITY_COMMIT}${drift.length ? ` (WARNING: changed since: ${drift.join(', ')})` : ''}; ${ROUNDS} interleaved rounds\n`);
  const subjects = join(import.meta.dirname, 'observability-subjects.ts');
  await bundle({ file: subjects }, join(dir, 'now.mjs'), false);
  await bundle({ file: subjects }, join(dir, 'now-emf.mjs'), false);
  await bundle({ file: subjects }, join(dir, 'before.mjs'), true);
  const load = async (name: string) => (await import(pathToFileURL(join(dir, name)).href)) as typeof Subjects;
  const [now, before] = [await load('now.mjs'), await load('before.mjs')];

  say('1. Logging: one line with three caller fields, written to stdout (/dev/null)');
  const fields = { orderId: 1234, items: 3, customer: 'c-42' };
  const loggers = { local: now.invocationLogger('local'), aws: now.invocationLogger('aws'), gcp: now.invocationLogger('gcp'), old: before.invocationLogger('local') };
  report(await interleave({
    'raw process.stdout.write(JSON)': () => process.stdout.write(`${JSON.stringify({
      time: new Date().toISOString(), level: 'info', message: 'order placed', function: 'bench', invocationId: '8f7e4b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
      cloud: 'local', coldStart: false, traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', ...fields,
    })}\n`),
    'ctx.log (local/Azure format)': () => loggers.local.info('order placed', fields),
    'ctx.log (AWS format)': () => loggers.aws.info('order placed', fields),
    'ctx.log (GCP format)': () => loggers.gcp.info('order placed', fields),
    'ctx.log before observability': () => loggers.old.info('order placed', fields),
  }, 5000), 'raw process.stdout.write(JSON)', 'line');

  say('2. Tracing: one whole invocation (createContext + createLightRequest + invokeHttp), incoming traceparent');
  const sdk = installSdk();
  report(await interleave({
    'before observability': () => before.invokeOnce(),
    'observability, no SDK': () => now.invokeOnce(),
    'observability, SDK recording': () => now.invokeOnce(),
  }, 2000, { 'observability, SDK recording': sdk }), 'before observability', 'invocation');
  say(`(the SDK recorded ${sdk.exporter.spans} spans; with its flush before each answer, a real exporter's latency adds to the last line)\n`);

  say('3. Metrics on Lambda: the same invocation on AWS with and without faasade\'s EMF line');
  process.env.FAASADE_INVOCATION_METRICS = 'on';
  const emf = await load('now-emf.mjs');
  await emf.invokeOnce('aws');
  process.env.FAASADE_INVOCATION_METRICS = 'off';
  await now.invokeOnce('aws');
  report(await interleave({
    'AWS, no metrics line': () => now.invokeOnce('aws'),
    'AWS, EMF line per invocation': () => emf.invokeOnce('aws'),
  }, 2000), 'AWS, no metrics line', 'invocation');

  say(`4. Cold start: importing the hello function's AWS bundle (fresh process each, median of ${IMPORT_RUNS}, interleaved)`);
  const hello = `import hello from '@faasade/hello'; import { lambdaHandler } from '@faasade/aws'; export const handler = lambdaHandler(hello);`;
  const variants = {
    'before observability': { file: join(dir, 'hello-before.mjs'), size: await bundle({ contents: hello }, join(dir, 'hello-before.mjs'), true) },
    'with observability': { file: join(dir, 'hello-now.mjs'), size: await bundle({ contents: hello }, join(dir, 'hello-now.mjs'), false) },
    'with a static OTel API import': {
      file: join(dir, 'hello-api.mjs'),
      size: await bundle({ contents: `import { trace } from '@opentelemetry/api'; (globalThis as { t?: unknown }).t = trace; ${hello}` }, join(dir, 'hello-api.mjs'), false),
    },
  };
  const times: Record<string, Array<{ wall: number; cpu: number }>> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let run = 0; run < IMPORT_RUNS; run++) for (const [name, variant] of Object.entries(variants)) times[name]!.push(importSample(variant.file));
  const baseWall = median(times['before observability']!.map((t) => t.wall));
  const baseCpu = median(times['before observability']!.map((t) => t.cpu));
  say('bundle                            | size     | import wall ms     | import CPU ms');
  say('----------------------------------|----------|--------------------|-------------------');
  for (const [name, variant] of Object.entries(variants)) {
    const wall = median(times[name]!.map((t) => t.wall));
    const cpu = median(times[name]!.map((t) => t.cpu));
    const diff = (value: number, base: number) => (name === 'before observability' ? '' : ` (${value - base >= 0 ? '+' : ''}${(value - base).toFixed(2)})`);
    say(`${name.padEnd(33)} | ${`${(variant.size / 1024).toFixed(1)} KB`.padEnd(8)} | ${`${wall.toFixed(2)}${diff(wall, baseWall)}`.padEnd(18)} | ${cpu.toFixed(2)}${diff(cpu, baseCpu)}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();
