/**
 * Per-invocation cost of the AWS Lambda HTTP adapter, in one process:
 *   (a) a raw hand-written Lambda handler doing the greeting's work,
 *   (b) hono with `hono/aws-lambda`,
 *   (c) faasade's `lambdaHandler(hello)`.
 * Input: a realistic API Gateway HTTP API (payload 2.0) event with 12 headers, a query
 * string and a small JSON body (aws-http-handlers.ts). Target: (c) ≤ 2 × (a).
 *
 * The candidates are bundled first with esbuild (`source` condition, Node 20), as a
 * deployment would be, so all three run the same kind of code. Two costs are reported:
 * the handler call alone, and the whole invocation as the Lambda runtime performs it
 * (JSON.parse of the event text, the handler, JSON.stringify of the result).
 *
 * Run: npx tsx test/bench/aws-http.ts   (BENCH_SAMPLES, BENCH_BATCH tune the run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Candidates from './aws-http-handlers.js';

type Handler = Candidates.Handler;

// esbuild comes with tsup, a root dev dependency.
const esbuild = createRequire(createRequire(join(import.meta.dirname, '..', '..', 'package.json')).resolve('tsup'))('esbuild') as {
  build(options: Record<string, unknown>): Promise<unknown>;
};

async function loadCandidates(): Promise<typeof Candidates> {
  const dir = mkdtempSync(join(tmpdir(), 'faasade-bench-'));
  const outfile = join(dir, 'candidates.mjs');
  await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'aws-http-handlers.ts')],
    bundle: true, format: 'esm', platform: 'node', target: 'node20',
    conditions: ['source'], outfile, logLevel: 'error',
  });
  const module = (await import(pathToFileURL(outfile).href)) as typeof Candidates;
  rmSync(dir, { recursive: true, force: true });
  return module;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'error';
  const { candidates, event, context } = await loadCandidates();
  const eventJson = JSON.stringify(event);
  const modes = {
    handler: (handler: Handler) => handler(event as never, context as never),
    invocation: async (handler: Handler) => JSON.stringify(await handler(JSON.parse(eventJson) as never, context as never)),
  };
  // Every candidate must give the same answer, or the comparison means nothing.
  for (const [name, handler] of candidates) {
    const result = await handler(event as never, context as never);
    if (result.statusCode !== 200 || JSON.parse(result.body ?? '').message !== 'Hello, Ada!') {
      throw new Error(`${name} answered ${JSON.stringify(result)}`);
    }
  }
  const samples = Number(process.env.BENCH_SAMPLES ?? 60);
  const batch = Number(process.env.BENCH_BATCH ?? 2000);
  const timings = new Map<string, number[]>();
  for (const [mode, call] of Object.entries(modes)) {
    for (const [, handler] of candidates) for (let i = 0; i < 20_000; i++) await call(handler); // warm-up
    for (let s = 0; s < samples; s++) {
      // Interleaved, so drift (GC, other load) hits every candidate alike.
      for (const [name, handler] of candidates) {
        const start = process.hrtime.bigint();
        for (let i = 0; i < batch; i++) await call(handler);
        const key = `${mode}:${name}`;
        timings.set(key, [...(timings.get(key) ?? []), Number(process.hrtime.bigint() - start) / 1000 / batch]);
      }
    }
  }
  console.log(`HTTP API 2.0 event -> hello -> result; Node ${process.version}; median of ${samples} samples x ${batch} invocations\n`);
  console.log(`${'candidate'.padEnd(24)}${'handler µs'.padStart(12)}${'ratio'.padStart(8)}${'invocation µs'.padStart(16)}${'ratio'.padStart(8)}`);
  const base = (mode: string) => median(timings.get(`${mode}:raw handler`)!);
  for (const [name] of candidates) {
    const cells = Object.keys(modes).map((mode) => {
      const value = median(timings.get(`${mode}:${name}`)!);
      return [value.toFixed(2), `${(value / base(mode)).toFixed(2)}x`] as const;
    });
    console.log(`${name.padEnd(24)}${cells[0]![0].padStart(12)}${cells[0]![1].padStart(8)}${cells[1]![0].padStart(16)}${cells[1]![1].padStart(8)}`);
  }
  const ratio = median(timings.get('invocation:faasade lambdaHandler')!) / base('invocation');
  console.log(`\n"invocation" = JSON.parse(event text) + handler + JSON.stringify(result), what the runtime does per event.`);
  console.log(`target: faasade whole invocation <= 2.00x raw: ${ratio <= 2 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x)`);
}

await main();
