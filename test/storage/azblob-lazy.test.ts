/**
 * The Azure Blob driver costs nothing until it is used: a Functions bundle without
 * storage carries no blob code, importing `@faasade/azure/blob` loads no SDK, and the SDK
 * arrives with the first call. Each case bundles with esbuild as a deploy does and runs
 * the bundle in a fresh Node, where a module resolve hook records every file of
 * `@azure/storage-blob` that gets loaded (the SDK is ESM, so `require.cache` cannot tell).
 */
import { build, type Metafile } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteHandle } from '../servers/azurite.js';

const run = promisify(execFile);
const AZURE_PACKAGE = join(import.meta.dirname, '../../packages/adapters/azure');
let dir: string;

beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'faasade-azblob-lazy-')); });
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

async function bundle(name: string, contents: string, external: string[]): Promise<{ file: string; metafile: Metafile }> {
  const file = join(dir, `${name}.mjs`);
  const { metafile } = await build({
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: file,
    external, conditions: ['source'], metafile: true, logLevel: 'error',
  });
  return { file, metafile };
}

describe('what a bundle carries', () => {
  it('a bundle of the Azure Functions adapter alone holds no blob driver and no storage SDK', async () => {
    const { metafile } = await bundle('http-only', `export { azureHandler } from '@faasade/azure';`, ['@azure/functions']);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((path) => path.includes('storage-blob'))).toEqual([]);
    // Only the blob name mapping, which storage events share to decode keys, may come along.
    const storageFiles = inputs.filter((path) => path.includes('adapters/azure/src/storage/'));
    expect(storageFiles.filter((path) => !path.endsWith('/blob-names.ts'))).toEqual([]);
  });

  it('the blob entry reaches the SDK only through a dynamic import', async () => {
    const { metafile } = await bundle('blob-entry', `export * from '@faasade/azure/blob';`, ['@azure/*']);
    const sdk = Object.values(metafile.outputs).flatMap((output) => output.imports).filter((entry) => entry.path.startsWith('@azure/'));
    expect(sdk).toEqual([expect.objectContaining({ path: '@azure/storage-blob', kind: 'dynamic-import' })]);
  });
});

describe('when the SDK loads', () => {
  let azurite: AzuriteHandle;
  beforeAll(async () => {
    azurite = await startAzurite();
    await azurite.createContainer('lazy');
  });
  afterAll(async () => { await azurite?.stop(); });

  // Counts SDK files loaded after importing the driver, after opening buckets (a driver and
  // a URL), and after the first call. The hook runs on Node's loader thread, so it reports
  // through a file.
  const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('storage-blob')) appendFileSync(process.env.SDK_LOG, result.url + '\\n');
  return result;
}`;
  const probe = `
    import { readFileSync, existsSync } from 'node:fs';
    import { register } from 'node:module';
    import { pathToFileURL } from 'node:url';
    register(pathToFileURL(process.env.SDK_HOOK));
    const loaded = () => existsSync(process.env.SDK_LOG) ? readFileSync(process.env.SDK_LOG, 'utf8').split('\\n').filter(Boolean).length : 0;
    const result = {};
    const { AzureBlobDriver, storageScheme } = await import('@faasade/azure/blob');
    const { Bucket, openBucket, registerStorageScheme } = await import('@faasade/core/storage');
    registerStorageScheme(storageScheme);
    result.afterImport = loaded();
    const bucket = new Bucket(new AzureBlobDriver({ connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING, container: 'lazy' }));
    const byUrl = openBucket('azblob://lazy');
    result.afterOpen = loaded();
    try {
      await bucket.put('k', 'v');
      result.read = await byUrl.getText('k');
    } catch (error) {
      result.code = error.code;
      result.message = error.message;
    }
    result.afterCall = loaded();
    console.log(JSON.stringify(result));
  `;

  async function runProbe(): Promise<Record<string, unknown>> {
    const { file } = await bundle('probe', probe, ['@azure/*']);
    const hookFile = join(dir, 'hook.mjs');
    const log = join(dir, `sdk-${Date.now()}.log`);
    await writeFile(hookFile, hook);
    const env = { ...process.env, NODE_NO_WARNINGS: '1', SDK_HOOK: hookFile, SDK_LOG: log, AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    const { stdout } = await run(process.execPath, [file], { env });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    result.sdkFiles = await readFile(log, 'utf8').catch(() => '');
    return result;
  }

  it('importing @faasade/azure/blob and opening buckets load no SDK file; the first call does', async () => {
    // The SDK stays external, resolved from the package that declares it (as in a deploy's node_modules).
    await symlink(join(AZURE_PACKAGE, 'node_modules'), join(dir, 'node_modules'), 'dir');
    try {
      const result = await runProbe();
      expect(result, JSON.stringify(result)).toMatchObject({ afterImport: 0, afterOpen: 0, read: 'v' });
      expect(result.afterCall).toBeGreaterThan(0);
    } finally {
      await rm(join(dir, 'node_modules'));
    }
  });

  it('without the SDK installed, importing works and the first call rejects with Unimplemented naming the package', async () => {
    const result = await runProbe();
    expect(result).toMatchObject({ afterImport: 0, afterOpen: 0, code: 'Unimplemented' });
    expect(result.message).toContain('@azure/storage-blob');
  });
});
