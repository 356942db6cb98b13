import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The part of esbuild's API used here (esbuild is a dependency of the workspace's test package, not of @faasade/core). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ metafile: { inputs: Record<string, unknown> }; outputFiles: Array<{ text: string }> }>;
}
const esbuild = createRequire(new URL('../../../../test/package.json', import.meta.url))('esbuild') as Esbuild;
const source = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

/** The files a bundle of `entry` pulls in, as a deploy build would make it. */
async function bundleInputs(entry: string): Promise<{ inputs: string[]; code: string }> {
  const result = await esbuild.build({
    entryPoints: [source(entry)], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm',
    conditions: ['source'], logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), code: result.outputFiles[0]!.text };
}

describe('cold start: what each entry pulls in', () => {
  it('@faasade/core (the HTTP part) bundles no storage code', async () => {
    const { inputs } = await bundleInputs('index.ts');
    expect(inputs.length).toBeGreaterThan(3);
    expect(inputs.filter((input) => input.includes('/storage'))).toEqual([]);
  });

  it('@faasade/core/storage bundles no package at all, so no cloud SDK', async () => {
    const { inputs, code } = await bundleInputs('storage.ts');
    expect(inputs.filter((input) => input.includes('node_modules'))).toEqual([]);
    expect(inputs.some((input) => input.includes('storage/bucket.ts'))).toBe(true);
    expect(code).not.toMatch(/@aws-sdk|@azure\/storage-blob|@google-cloud\/storage/);
  });
});
