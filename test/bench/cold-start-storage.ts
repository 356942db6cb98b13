import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleEntry } from '../../packages/cli/src/build/bundle.js';
import { CLOUD_MODULES } from '../../packages/cli/src/build/entries.js';
import type { BuildTargetName } from '../../packages/cli/src/build/index.js';
import { startAzurite, startGcsServer, startS3rver } from '../servers/index.js';

/** Fresh processes per first-call sample (each loads the storage SDK once). */
const RUNS = 7;

export interface FirstCall {
  importMs: number;
  firstCallMs: number;
  secondCallMs: number;
}

/**
 * The storage-using function (`read-object`) bundled the way `faasade build` bundles it
 * for `target` (same driver registration, SDK in lazy chunks), minus the platform adapter,
 * then called twice in each of {@link RUNS} fresh processes against the cloud's local
 * stand-in: the first call loads the SDK chunks and opens a connection, the second is warm.
 */
export async function firstCallLatency(target: BuildTargetName, functionModule: string, dir: string): Promise<FirstCall> {
  const server = await startServer(target);
  try {
    const source = [
      `import fn from ${JSON.stringify(functionModule)};`,
      `import { registerStorageScheme } from '@faasade/core/storage';`,
      `import { storageScheme } from ${JSON.stringify(CLOUD_MODULES[target].driver)};`,
      `import { createContext, createLightRequest, invokeHttp } from '@faasade/core/adapter';`,
      'registerStorageScheme(storageScheme);',
      'export async function call(key) {',
      `  const request = createLightRequest({ method: 'GET', url: () => 'https://bench.test/objects/' + key, headers: () => new Headers(), body: null });`,
      `  return invokeHttp(fn, request, createContext({ fn, cloud: '${target}', event: {} }));`,
      '}',
    ].join('\n');
    await bundleEntry('read-object', source, dir, []);
    const runner = join(dir, 'run.mjs');
    writeFileSync(runner, [
      'let t = performance.now();',
      `const { call } = await import('./index.mjs');`,
      'const importMs = performance.now() - t;',
      `t = performance.now(); const first = await call('hello.txt'); const firstCallMs = performance.now() - t;`,
      `t = performance.now(); const second = await call('hello.txt'); const secondCallMs = performance.now() - t;`,
      `if (first.status !== 200 || second.status !== 200) throw new Error('read-object answered ' + first.status + '/' + second.status + ': ' + new TextDecoder().decode(first.body));`,
      'process.stdout.write(JSON.stringify({ importMs, firstCallMs, secondCallMs }));',
    ].join('\n'));
    const samples = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, [runner], { encoding: 'utf8', env: { ...process.env, ...server.env } })) as FirstCall);
    const mid = (pick: (s: FirstCall) => number) => samples.map(pick).sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    return { importMs: mid((s) => s.importMs), firstCallMs: mid((s) => s.firstCallMs), secondCallMs: mid((s) => s.secondCallMs) };
  } finally {
    await server.stop();
  }
}

// Each cloud's local stand-in with a `data` bucket holding hello.txt, and the binding to it.
async function startServer(target: BuildTargetName): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const body = 'hello from the bucket\n';
  if (target === 'aws') {
    const s3 = await startS3rver();
    await s3.createBucket('data');
    await fetch(`${s3.endpoint}/data/hello.txt`, { method: 'PUT', body });
    return {
      env: {
        FAASADE_BUCKET_DATA: `s3://data?endpoint=${encodeURIComponent(s3.endpoint)}&forcePathStyle=true&checksums=when_required&conditionalWrites=false&region=us-east-1`,
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      },
      stop: () => s3.stop(),
    };
  }
  if (target === 'azure') {
    const azurite = await startAzurite();
    await azurite.createContainer('data');
    const { BlobServiceClient } = await import('@azure/storage-blob');
    await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('data').getBlockBlobClient('hello.txt').upload(body, body.length);
    return { env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, FAASADE_BUCKET_DATA: 'azblob://data' }, stop: () => azurite.stop() };
  }
  const gcs = await startGcsServer();
  await gcs.createBucket('data');
  const { Storage } = await import('@google-cloud/storage');
  await new Storage(gcs.storageOptions).bucket('data').file('hello.txt').save(body, { resumable: false });
  return { env: { FAASADE_BUCKET_DATA: `gs://data?projectId=${gcs.projectId}&apiEndpoint=${encodeURIComponent(gcs.endpoint)}` }, stop: () => gcs.stop() };
}
