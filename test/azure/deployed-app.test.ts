import { spawn } from 'node:child_process';
import { mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientRequest, type ClientRequest } from '@faasade/contract';
import { makeTempDir } from '../servers/temp-dir.js';

const testsDir = fileURLToPath(new URL('..', import.meta.url));
// esbuild comes with tsup (a root dev dependency).
const esbuild = createRequire(createRequire(join(testsDir, '..', 'package.json')).resolve('tsup'))('esbuild') as {
  build(options: Record<string, unknown>): Promise<unknown>;
};
const libraryDir = join(testsDir, 'node_modules', '@azure', 'functions');

type Outcome = { registered: string[]; model: string; responses: Array<{ status: number; headers: Array<[string, string]>; body: string }> };

/**
 * The deployment artifact: hello and the adapter bundled by esbuild (the `source`
 * condition, ESM) into a Function App whose `main` registers it, with `@azure/functions`
 * installed beside it, loaded by a plain Node process as the worker loads an app.
 */
describe('a deployed Function App bundle, loaded by a plain Node worker process', () => {
  let app: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    app = await makeTempDir('azure-app');
    const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', conditions: ['source'], logLevel: 'error' };
    await esbuild.build({
      ...common,
      stdin: {
        contents: [
          "import { registerAzureFunctions } from '@faasade/azure';",
          "import { onObject } from '@faasade/core';",
          "import hello from '@faasade/hello';",
          "const uploads = onObject({ name: 'uploads', bucket: 'images', prefix: 'uploads/' }, () => {});",
          'registerAzureFunctions(hello, uploads);',
        ].join('\n'),
        resolveDir: testsDir,
        loader: 'ts',
      },
      external: ['@azure/functions'],
      outfile: join(app.path, 'dist', 'main.js'),
    });
    await esbuild.build({ ...common, entryPoints: [join(testsDir, 'azure', 'worker-process.ts')], outfile: join(app.path, 'worker', 'worker.mjs') });
    await writeFile(join(app.path, 'package.json'), JSON.stringify({ name: 'faasade-app', type: 'module', main: 'dist/main.js' }));
    // What `npm install` leaves in the app: the library (its own dependencies resolve from its real path).
    await mkdir(join(app.path, 'node_modules', '@azure'), { recursive: true });
    await symlink(await realpath(libraryDir), join(app.path, 'node_modules', '@azure', 'functions'), 'dir');
  });
  afterAll(async () => {
    await app?.remove();
  });

  it('registers hello and an object function (Event Grid trigger) through the library, and serves hello', async () => {
    const json = Buffer.from('{"name":"Ada"}').toString('base64');
    const outcome = await runWorker(app.path, [
      { ...clientRequest({ path: '/hello', query: [['name', 'Ada']] }), body: null },
      { ...clientRequest({ path: '/hello', method: 'POST', headers: [['content-type', 'application/json']] }), body: json },
      { ...clientRequest({ path: '/hello', method: 'DELETE' }), body: null },
    ]);
    expect(outcome.model).toBe('@azure/functions');
    expect(outcome.registered).toEqual(['hello', 'uploads']);
    // Storage events decode without the storage SDK: the bundle carries none of it.
    expect(await readFile(join(app.path, 'dist', 'main.js'), 'utf8')).not.toMatch(/@azure\/storage-blob|BlobServiceClient/);
    const [get, post, del] = outcome.responses;
    expect([get!.status, Buffer.from(get!.body, 'base64').toString()]).toEqual([200, '{"message":"Hello, Ada!"}']);
    expect([post!.status, Buffer.from(post!.body, 'base64').toString()]).toEqual([200, '{"message":"Hello, Ada!"}']);
    expect(del!.status).toBe(405);
  });
});

function runWorker(appDir: string, requests: Array<Omit<ClientRequest, 'body'> & { body: string | null }>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(appDir, 'worker', 'worker.mjs'), appDir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(stdout) as Outcome);
      else reject(new Error(`worker process exited with ${code}:\n${stderr.slice(-2000)}`));
    });
    child.stdin.end(JSON.stringify(requests));
  });
}
