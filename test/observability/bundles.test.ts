/**
 * What observability puts into a deployed function: faasade's own code only. Neither the
 * OpenTelemetry API nor any SDK is in a bundle unless the application imports one, and
 * what bridges to a registered SDK (spans, flushes, user metrics) loads only when needed.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleEntry } from '../../packages/cli/src/build/bundle.js';
import { CLOUD_MODULES, entrySource } from '../../packages/cli/src/build/entries.js';
import { BUILD_TARGETS } from '../../packages/cli/src/build/index.js';
import { loadFunctions } from '../../packages/cli/src/build/load.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

async function bundledBytes(entry: string, external: string[] = []): Promise<Map<string, number>> {
  const result = await build({
    stdin: { contents: entry, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', target: 'node20', minify: true,
    outfile: 'out.mjs', conditions: ['source'], external, logLevel: 'silent',
  });
  const [output] = Object.values((result.metafile as Metafile).outputs);
  return new Map(Object.entries(output!.inputs).map(([path, input]) => [path, input.bytesInOutput]));
}

const targets = {
  aws: [`import hello from '@faasade/hello'; import { lambdaHandler } from '@faasade/aws'; export const handler = lambdaHandler(hello);`, []],
  azure: [`import hello from '@faasade/hello'; import { azureHandler } from '@faasade/azure'; export const handler = azureHandler(hello);`, ['@azure/functions']],
  gcp: [`import hello from '@faasade/hello'; import { gcpHandler } from '@faasade/gcp'; export const handler = gcpHandler(hello);`, ['@google-cloud/functions-framework']],
} as const;

describe('function bundles', () => {
  it.each(Object.entries(targets))('for %s carry no OpenTelemetry code, and core\'s tracing and metrics', async (_cloud, [entry, external]) => {
    const bytes = await bundledBytes(entry, [...external]);
    const otel = [...bytes].filter(([path, size]) => path.includes('@opentelemetry') && size > 0);
    expect(otel).toEqual([]);
    const included = (file: string) => [...bytes].some(([path, size]) => path.endsWith(file) && size > 0);
    expect(included('observability/invocation-telemetry.ts')).toBe(true);
    expect(included('observability/dev/span-collector.ts')).toBe(false);
  });
});

describe('hello as faasade build bundles it', () => {
  // The build's own entry and esbuild options; `entryModules` is what a cold start loads.
  it.each(BUILD_TARGETS)('for %s loads no span, SDK-flush or user-metrics code at cold start: the bridge is a chunk loaded on demand', async (target) => {
    const [hello] = await loadFunctions([join(repo, 'packages/functions/hello')], repo);
    const dir = mkdtempSync(join(tmpdir(), 'faasade-obs-bundle-'));
    try {
      const runtime = CLOUD_MODULES[target].runtimeLibrary;
      const bundle = await bundleEntry('hello', entrySource(target, hello!), dir, runtime ? [runtime] : []);
      expect(bundle.entryFiles).toEqual(['index.mjs']);
      const eager = bundle.entryModules.map((module) => module.path.replace(/\\/g, '/'));
      expect(eager.filter((path) => /@opentelemetry|observability\/(bridge|invocation-span|otel-api|flush|metrics\/(emf|metric-checks|metrics-output|otel-metrics))\.ts$/.test(path))).toEqual([]);
      expect(eager.some((path) => path.endsWith('observability/invocation-telemetry.ts'))).toBe(true);
      expect(readdirSync(join(dir, 'chunks')).filter((file) => /^bridge-\w+\.mjs$/.test(file))).toHaveLength(1);
      // No object-event code in an HTTP function; on AWS, the payload 1.0 front doors (ALB, REST) load on demand too.
      expect(eager.filter((path) => /adapters\/\w+\/src\/(events\/|http\/(rest-api|alb|status-text)\.ts$)/.test(path))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
