/**
 * The S3 driver costs nothing until it is used: a Lambda bundle without storage carries no
 * S3 code, importing `@faasade/aws/s3` loads no SDK, and the SDK arrives with the first call.
 * Each case bundles with esbuild the way a deploy does and runs the bundle in a fresh Node
 * (see lazy-sdk.ts).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type S3rverHandle } from '../servers/s3rver.js';
import { ProbeFolder, type DriverProbe } from './lazy-sdk.js';

const AWS_PACKAGE = join(import.meta.dirname, '../../packages/adapters/aws');
let folder: ProbeFolder;

beforeAll(async () => { folder = await ProbeFolder.create('faasade-s3-lazy-'); });
afterAll(async () => { await folder?.close(); });

describe('what a bundle carries', () => {
  it('a bundle of the Lambda HTTP adapter alone holds no S3 driver and no AWS SDK code', async () => {
    const { metafile } = await folder.bundle('http-only', `export { lambdaHandler } from '@faasade/aws';`);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((path) => path.includes('adapters/aws/src/http/'))).toBe(true);
    expect(inputs.filter((path) => path.includes('@aws-sdk') || path.includes('adapters/aws/src/storage/'))).toEqual([]);
  });

  it('the S3 entry reaches the SDK only through dynamic imports', async () => {
    const { metafile } = await folder.bundle('s3-entry', `export * from '@faasade/aws/s3';`, ['@aws-sdk/*']);
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

  const driver: DriverProbe = {
    entry: '@faasade/aws/s3',
    driverClass: 'S3Driver',
    driverOptions: `{ bucket: 'lazy', clientConfig: JSON.parse(process.env.S3_CONFIG), conditionalWrites: false }`,
    url: 'process.env.S3_URL',
    sdkMarker: '@aws-sdk',
    external: ['@aws-sdk/*'],
  };

  function env(): Record<string, string> {
    const url = `s3://lazy?region=${s3.region}&endpoint=${encodeURIComponent(s3.endpoint)}&forcePathStyle=true&checksums=when_required&conditionalWrites=false`;
    return { S3_CONFIG: JSON.stringify(s3.clientConfig), S3_URL: url, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
  }

  it('importing @faasade/aws/s3 and opening buckets load no SDK file; the first call does', async () => {
    // The SDK stays external, resolved from the package that declares it (as in a deploy's node_modules).
    const result = await folder.probe(driver, env(), AWS_PACKAGE);
    expect(result, JSON.stringify(result)).toMatchObject({ afterImport: 0, afterOpen: 0, read: 'v' });
    expect(result.afterCall).toBeGreaterThan(0);
  });

  it('without the SDK installed, importing works and the first call rejects with Unimplemented naming the package', async () => {
    const result = await folder.probe(driver, env());
    expect(result).toMatchObject({ afterImport: 0, afterOpen: 0, afterCall: 0, code: 'Unimplemented' });
    expect(result.message).toContain('@aws-sdk/client-s3');
  });
});
