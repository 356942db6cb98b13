import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientRequest } from '@faasade/contract';
import { startAzurite, type AzuriteHandle } from '../servers/azurite.js';
import { makeTempDir } from '../servers/temp-dir.js';
import { buildInTemp, EXAMPLE_MODULES, PROBE_MODULE, zipEntries, dependencyNames, STORAGE_SDKS } from './artifacts.js';
import type { WorkerCommand } from './azure-worker.js';

const testsDir = fileURLToPath(new URL('..', import.meta.url));
const esbuild = createRequire(join(testsDir, '..', 'packages', 'cli', 'package.json'))('esbuild') as { build(options: Record<string, unknown>): Promise<unknown> };

type Answers = { registered: string[]; model: string; answers: Array<{ status: number; headers?: Array<[string, string]>; body: string; errors?: string[] }> };

let build: Awaited<ReturnType<typeof buildInTemp>>;
let workerDir: Awaited<ReturnType<typeof makeTempDir>>;
const appOf = (name: string) => build.functions.find((fn) => fn.name === name)!.artifact;

beforeAll(async () => {
  build = await buildInTemp('azure', [...EXAMPLE_MODULES, PROBE_MODULE]);
  workerDir = await makeTempDir('deploy-azure-worker');
  await esbuild.build({
    entryPoints: [join(testsDir, 'deploy', 'azure-worker.ts')], outfile: join(workerDir.path, 'worker.mjs'),
    bundle: true, platform: 'node', format: 'esm', target: 'node20', conditions: ['source'], logLevel: 'error',
  });
});
afterAll(async () => {
  await workerDir?.remove();
  await build?.remove();
});

/** Runs the worker on an app folder with `env` as its app settings. */
function runWorker(appDir: string, commands: WorkerCommand[], env: Record<string, string> = {}): Promise<Answers> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(workerDir.path, 'worker.mjs'), appDir], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH, TZ: 'UTC', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(stdout) as Answers);
      else reject(new Error(`worker exited with ${code}:\n${stderr.slice(-3000)}`));
    });
    child.stdin.end(JSON.stringify(commands));
  });
}

const http = (path: string, init: { method?: string; query?: Array<[string, string]>; headers?: Array<[string, string]>; body?: string } = {}): WorkerCommand => ({
  kind: 'http',
  request: { ...clientRequest({ path, method: init.method ?? 'GET', query: init.query ?? [], headers: init.headers ?? [] }), body: init.body === undefined ? null : Buffer.from(init.body).toString('base64') },
});

describe('faasade build --target azure: the Function App folders', () => {
  it('the pipeline bundle holds our code and the azure storage SDK only, all of it in chunks loaded on the first storage call', async () => {
    const renditions = build.functions.find((fn) => fn.name === 'image-renditions')!;
    const sdk = await dependencyNames(STORAGE_SDKS.azure.roots, STORAGE_SDKS.azure.from);
    expect(renditions.bundledPackages.length).toBeGreaterThan(0);
    expect(renditions.bundledPackages.filter((pkg) => !sdk.has(pkg.name) || !pkg.lazy)).toEqual([]);
  });

  it('hold host.json with the extension bundle, a package.json whose main registers the function, and @azure/functions installed', async () => {
    const app = appOf('hello');
    const host = JSON.parse(readFileSync(join(app, 'host.json'), 'utf8'));
    expect(host).toMatchObject({ version: '2.0', extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle' } });
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ type: 'module', main: 'index.mjs', dependencies: { '@azure/functions': '4.16.5' } });
    expect(readdirSync(join(app, 'node_modules', '@azure')).sort()).toEqual(['functions', 'functions-extensions-base']);
    const zipped = (await zipEntries(build.functions.find((fn) => fn.name === 'hello')!.zip!)).map((line) => line.split(' ')[0]);
    expect(zipped).toEqual(expect.arrayContaining(['host.json', 'package.json', 'index.mjs', 'node_modules/@azure/functions/package.json']));
  });

  it('the pipeline app bundles the Blob Storage SDK in lazily loaded chunks, not in node_modules', () => {
    const renditions = build.functions.find((fn) => fn.name === 'image-renditions')!;
    expect(existsSync(join(renditions.artifact, 'node_modules', '@azure', 'storage-blob'))).toBe(false);
    expect(renditions.bundledPackages.find((pkg) => pkg.name === '@azure/storage-blob')).toEqual({ name: '@azure/storage-blob', lazy: true });
    expect(renditions.bundledPackages.filter((pkg) => !pkg.lazy)).toEqual([]);
  });
});

describe('faasade build --target azure: the folders loaded through @azure/functions', () => {
  it('hello registers through the library and answers through the host', async () => {
    const result = await runWorker(appOf('hello'), [http('/hello', { query: [['name', 'Ada']] }), http('/hello', { method: 'POST', headers: [['content-type', 'application/json']], body: '{"name":"Grace"}' }), http('/hello', { method: 'DELETE' })]);
    expect([result.model, result.registered]).toEqual(['@azure/functions', ['hello']]);
    expect(result.answers.map((a) => [a.status, a.body])).toEqual([[200, '{"message":"Hello, Ada!"}'], [200, '{"message":"Hello, Grace!"}'], [405, expect.any(String)]]);
  });

  it('a warm-up request is answered 204 without the handler; the next request is warm', async () => {
    const result = await runWorker(appOf('probe'), [http('/probe', { headers: [['x-faasade-warmup', '1']] }), http('/probe')]);
    expect(result.answers[0]!.status).toBe(204);
    expect(JSON.parse(result.answers[1]!.body)).toEqual({ calls: 1, coldStart: false, cloud: 'azure' });
  });

  describe('image-renditions with its container on Azurite', () => {
    let azurite: AzuriteHandle;
    let images: ContainerClient;
    beforeAll(async () => {
      azurite = await startAzurite();
      await azurite.createContainer('images');
      images = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('images');
    });
    afterAll(async () => {
      await azurite?.stop();
    });

    it('turns a BlobCreated event under uploads/ (Event Grid trigger) into decoded renditions in the container', async () => {
      const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#38c' } }).jpeg().toBuffer();
      const blob = images.getBlockBlobClient('uploads/harbour.jpg');
      await blob.uploadData(jpeg, { blobHTTPHeaders: { blobContentType: 'image/jpeg' } });
      const props = await blob.getProperties();
      const event = {
        topic: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/devstoreaccount1',
        subject: '/blobServices/default/containers/images/blobs/uploads/harbour.jpg',
        eventType: 'Microsoft.Storage.BlobCreated', eventTime: props.lastModified!.toISOString(), id: randomUUID(),
        data: { api: 'PutBlob', eTag: props.etag, contentType: 'image/jpeg', contentLength: jpeg.length, blobType: 'BlockBlob', url: blob.url, sequencer: '0'.repeat(32) },
        dataVersion: '', metadataVersion: '1',
      };
      const result = await runWorker(appOf('image-renditions'), [{ kind: 'eventGrid', functionName: 'image-renditions', body: JSON.stringify([event]), eventType: 'Notification' }], {
        // The app settings the template writes, with Azurite's connection instead of the managed identity.
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        FAASADE_BUCKET_IMAGES: 'azblob://images',
        RENDITION_FORMATS: 'webp,jpeg',
      });
      expect(result.registered).toEqual(['image-renditions']);
      expect(result.answers[0]).toMatchObject({ status: 202, errors: [] });
      for (const [width, ext, format] of [[320, 'webp', 'webp'], [768, 'jpg', 'jpeg']] as const) {
        const bytes = await images.getBlobClient(`processed/harbour/${width}.${ext}`).downloadToBuffer();
        const meta = await sharp(bytes).metadata();
        expect([meta.width, meta.format]).toEqual([width, format]);
      }
    });
  });
});
