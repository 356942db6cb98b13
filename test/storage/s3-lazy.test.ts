/**
 * The S3 driver costs nothing until it is used: a Lambda bundle without storage carries no
 * S3 code, importing `@faasade/aws/s3` loads no SDK, and the SDK arrives with the first call.
 * Each case bundles with esbuild the way a deploy does and runs the bundle in a fresh Node.
 */
import { build, type Metafile } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type S3rverHandle } from '../servers/s3rver.js';

const run = promisify(execFile);
const AWS_PACKAGE = join(import.meta.dirname, '../../packages/adapters/aws');
let dir: string;

beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'faasade-s3-lazy-')); });
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

async function bundle(name: string, contents: string, external: string[] = []): Promise<{ file: string; metafile: Metafile }> {
  const file = join(dir, `${name}.mjs`);
  const { metafile } = await build({
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: file,
    external, conditions: ['source'], metafile: true, logLevel: 'error',
  });
  return { file, metafile };
}

/** Runs a module in a fresh Node and returns what it printed as JSON. */
async function runModule(file: string, env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [file], { env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' } });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('what a bundle carries', () => {
  it('a bundle of the Lambda HTTP adapter alone holds no S3 driver and no AWS SDK code', async () => {
    const { metafile } = await bundle('http-only', `export { lambdaHandler } from '@faasade/aws';`);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((path) => path.includes('adapters/aws/src/http/'))).toBe(true);
    expect(inputs.filter((path) => path.includes('@aws-sdk') || path.includes('adapters/aws/src/storage/'))).toEqual([]);
  });

  it('the S3 entry reaches the SDK only through dynamic imports', async () => {
    const { metafile } = await bundle('s3-entry', `export * from '@faasade/aws/s3';`, ['@aws-sdk/*']);
    const imports = Object.values(metafile.outputs).flatMap((output) => output.imports);
    const sdk = imports.filter((entry) => entry.path.startsWith('@aws-sdk/'));
    expect(sdk.map((entry) => entry.path).sort()).toEqual(['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@aws-sdk/s3-request-presigner']);
    expect(sdk.every((entry) => entry.kind === 'dynamic-import')).toBe(true);
  });
});

describe('when the SDK loads', () => {
  let s3: S3rverHandle;
  beforeAll(async () => {
    s3 = await startS3rver();
    await s3.createBucket('lazy');
  });
  afterAll(async () => { await s3?.stop(); });

  // The script reports which @aws-sdk files Node has loaded (the SDK is CommonJS, so they
  // land in require.cache) after importing the driver, after opening a bucket, and after a call.
  const probe = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const sdkFiles = () => Object.keys(require.cache).filter((path) => path.includes('@aws-sdk')).length;
    const result = {};
    const { S3Driver, storageScheme } = await import('@faasade/aws/s3');
    const { Bucket, openBucket, registerStorageScheme } = await import('@faasade/core/storage');
    registerStorageScheme(storageScheme); // what a bundled function does (see storageScheme)
    result.afterImport = sdkFiles();
    const bucket = new Bucket(new S3Driver({ bucket: 'lazy', clientConfig: JSON.parse(process.env.S3_CONFIG), conditionalWrites: false }));
    const byUrl = openBucket(process.env.S3_URL);
    result.afterOpen = sdkFiles();
    try {
      await bucket.put('k', 'v');
      result.read = await byUrl.getText('k');
    } catch (error) {
      result.code = error.code;
      result.message = error.message;
    }
    result.afterCall = sdkFiles();
    console.log(JSON.stringify(result));
  `;

  function env(): Record<string, string> {
    const url = `s3://lazy?region=${s3.region}&endpoint=${encodeURIComponent(s3.endpoint)}&forcePathStyle=true&checksums=when_required&conditionalWrites=false`;
    return { S3_CONFIG: JSON.stringify(s3.clientConfig), S3_URL: url, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
  }

  it('importing @faasade/aws/s3 and opening buckets load no SDK file; the first call does', async () => {
    const { file } = await bundle('probe-installed', probe, ['@aws-sdk/*']);
    // The SDK stays external, resolved from the package that declares it (as in a deploy's node_modules).
    await symlink(join(AWS_PACKAGE, 'node_modules'), join(dir, 'node_modules'), 'dir');
    try {
      const result = await runModule(file, env());
      expect(result, JSON.stringify(result)).toMatchObject({ afterImport: 0, afterOpen: 0, read: 'v' });
      expect(result.afterCall).toBeGreaterThan(0);
    } finally {
      await rm(join(dir, 'node_modules'));
    }
  });

  it('without the SDK installed, importing works and the first call rejects with Unimplemented naming the package', async () => {
    const { file } = await bundle('probe-missing', probe, ['@aws-sdk/*']);
    const result = await runModule(file, env());
    expect(result).toMatchObject({ afterImport: 0, afterOpen: 0, afterCall: 0, code: 'Unimplemented' });
    expect(result.message).toContain('@aws-sdk/client-s3');
  });
});
