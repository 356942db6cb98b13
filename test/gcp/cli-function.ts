import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from '@faasade/core';
import { moduleOf, type FunctionModule } from './function-modules.js';

/** How to deploy a function to the CLI, beyond its code. */
export interface CliOptions {
  /** Extra environment of the function (bucket bindings, for example). */
  env?: Record<string, string>;
  /**
   * Packages left out of the bundle and installed beside it (linked from this workspace),
   * as a deployment does for native modules such as sharp.
   */
  external?: string[];
  /** Modules the entry imports first, for their effect (registering a storage scheme, say). */
  setup?: string[];
  /** Where `fn` is, when function-modules.ts does not list it. */
  module?: FunctionModule;
}

/** A function served by `functions-framework` running as a child process. */
export interface CliFunction {
  readonly port: number;
  /** Everything the framework process wrote to stdout and stderr so far. */
  output(): string;
  close(): Promise<void>;
}

const testsDir = fileURLToPath(new URL('..', import.meta.url));
const requireHere = createRequire(import.meta.url);
// esbuild comes with tsup (a root dev dependency); resolving it from there keeps the
// test package free of a direct dependency.
const esbuild = createRequire(createRequire(join(testsDir, '..', 'package.json')).resolve('tsup'))('esbuild') as {
  build(options: Record<string, unknown>): Promise<unknown>;
};
// build/src/index.js → the package directory, and its CLI entry build/src/main.js.
const frameworkDir = dirname(dirname(dirname(requireHere.resolve('@google-cloud/functions-framework'))));

/**
 * Bundles an entry module that calls `registerGcpFunctions(fn)` as a deployment would
 * (esbuild, `source` condition, ESM), then starts
 * `functions-framework --target=<name> --signature-type=<http|cloudevent> --source=<dir> --port=<port>`
 * on it with the environment Cloud Run gives a function. The framework stays outside the
 * bundle, as in a deployment where it is the entry point: the bundle must register into
 * the same copy the CLI reads its registry from.
 */
export async function startCliFunction(fn: FunctionDefinition, options: CliOptions = {}): Promise<CliFunction> {
  const signatureType = fn.trigger === 'http' ? 'http' : 'cloudevent';
  const external = options.external ?? [];
  const dir = await mkdtemp(join(tmpdir(), `faasade-gcp-${fn.options.name}-`));
  const { specifier, exportName } = options.module ?? moduleOf(fn);
  await esbuild.build({
    stdin: {
      contents: [
        ...(options.setup ?? []).map((module) => `import ${JSON.stringify(module)};`),
        `import { registerGcpFunctions } from '@faasade/gcp';`,
        `import { ${exportName} as fn } from ${JSON.stringify(specifier)};`,
        `registerGcpFunctions(fn);`,
      ].join('\n'),
      resolveDir: testsDir,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: ['@google-cloud/functions-framework', ...external],
    outfile: join(dir, 'index.js'),
    logLevel: 'error',
  });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'deployed', type: 'module', main: 'index.js' }));
  // What `npm install` would leave in the deployment: the framework (and the external
  // packages) in node_modules.
  for (const [name, packageDir] of [['@google-cloud/functions-framework', frameworkDir], ...external.map((name) => [name, packageDirOf(name)])]) {
    await mkdir(dirname(join(dir, 'node_modules', name!)), { recursive: true });
    await symlink(await realpath(packageDir!), join(dir, 'node_modules', name!), 'dir');
  }

  const port = await freePort();
  let output = '';
  const args = [`--target=${fn.options.name}`, `--signature-type=${signatureType}`, `--source=${dir}`, `--port=${port}`];
  const child = spawn(process.execPath, [join(frameworkDir, 'build', 'src', 'main.js'), ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      NODE_ENV: 'production',
      K_SERVICE: fn.options.name,
      K_REVISION: `${fn.options.name}-00001-abc`,
      K_CONFIGURATION: fn.options.name,
      FUNCTION_TARGET: fn.options.name,
      FUNCTION_SIGNATURE_TYPE: signatureType,
      LOG_EXECUTION_ID: 'true',
      ...options.env,
    },
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, exited, () => output);
  } catch (error) {
    await close();
    throw error;
  }
  return { port, output: () => output, close };
}

// The directory of a package as this test package resolves it (its package.json may not be exported).
function packageDirOf(name: string): string {
  const entry = requireHere.resolve(name);
  let dir = dirname(entry);
  while (!dir.endsWith(join('node_modules', name))) dir = dirname(dir);
  return dir;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// NODE_ENV=production silences "Serving function...", so readiness is the port answering.
async function waitForPort(port: number, exited: Promise<void>, output: () => string, timeoutMs = 20_000): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`functions-framework exited before serving:\n${output().slice(-2000)}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`functions-framework did not listen on port ${port} within ${timeoutMs} ms:\n${output().slice(-2000)}`);
}
