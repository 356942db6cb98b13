/**
 * What observability puts into a deployed function: faasade's own code only. Neither the
 * OpenTelemetry API nor any SDK is in a bundle unless the application imports one.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

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
