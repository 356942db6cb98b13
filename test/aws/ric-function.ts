import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from '@faasade/core';
import { ensureRic, ricBinPath } from './ensure-ric.mjs';
import { moduleOf, type FunctionModule } from './function-modules.js';
import { RuntimeApiServer, type InvocationOutcome } from './runtime-api-server.js';

/** A declared function running inside the real aws-lambda-ric, fed by a local Runtime API. */
export interface RicFunction {
  invoke(event: unknown): Promise<InvocationOutcome>;
  /** Everything the runtime process wrote to stdout and stderr so far. */
  output(): string;
  /**
   * The first JSON log line matching `match`, waiting for it: the process may post its
   * answer to the Runtime API before its stdout reaches us.
   */
  logLine(match: (entry: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Every JSON log line written so far that matches `match`. */
  logLines(match: (entry: Record<string, unknown>) => boolean): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** How to deploy a function, beyond its code. */
export interface RicOptions {
  /** How long the Runtime API gives an invocation (default: the declared timeout, else 10 s). */
  timeoutMs?: number;
  /** The function's environment variables (bucket bindings, credentials, LOG_LEVEL). */
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

const testsDir = fileURLToPath(new URL('.', import.meta.url));
// esbuild comes with tsup (a root dev dependency); resolving it from there keeps the
// test package free of a direct dependency.
const requireFromTsup = createRequire(createRequire(join(testsDir, '..', '..', 'package.json')).resolve('tsup'));
const esbuild = requireFromTsup('esbuild') as { build(options: Record<string, unknown>): Promise<unknown> };
const requireFromTests = createRequire(import.meta.url);

/**
 * Bundles `lambdaHandler(fn)` as a deployment would (esbuild, `source` condition), starts
 * aws-lambda-ric on it as a child process and returns a client for invocations. HTTP and
 * object functions alike: the same `lambdaHandler` takes both.
 */
export async function startRicFunction(fn: FunctionDefinition, options: RicOptions = {}): Promise<RicFunction> {
  await ensureRic();
  const dir = await mkdtemp(join(tmpdir(), `faasade-aws-${fn.options.name}-`));
  const { specifier, exportName } = options.module ?? moduleOf(fn);
  const external = options.external ?? [];
  await esbuild.build({
    stdin: {
      contents: [
        ...(options.setup ?? []).map((module) => `import ${JSON.stringify(module)};`),
        `import { lambdaHandler } from '@faasade/aws';`,
        `import { ${exportName === 'default' ? 'default as fn' : `${exportName} as fn`} } from ${JSON.stringify(specifier)};`,
        `export const handler = lambdaHandler(fn);`,
      ].join('\n'),
      resolveDir: testsDir,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external,
    outfile: join(dir, 'index.mjs'),
    logLevel: 'error',
  });
  // What the deployment package's node_modules would hold: the external packages.
  for (const name of external) {
    await mkdir(dirname(join(dir, 'node_modules', name)), { recursive: true });
    await symlink(await realpath(packageDirOf(name)), join(dir, 'node_modules', name), 'dir');
  }
  const server = await RuntimeApiServer.start(fn.options.name);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [ricBinPath(), 'index.handler'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      AWS_LAMBDA_RUNTIME_API: server.address,
      LAMBDA_TASK_ROOT: dir,
      _HANDLER: 'index.handler',
      AWS_LAMBDA_FUNCTION_NAME: fn.options.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.options.memoryMb ?? 256),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.options.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: 'local/[$LATEST]0',
      ...options.env,
    },
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    server.fail(new Error(`aws-lambda-ric exited (code ${code}, signal ${signal}):\n${output.slice(-2000)}`));
  });
  const timeoutMs = options.timeoutMs ?? (fn.options.timeoutSeconds ?? 10) * 1000;
  return {
    invoke: (event) => server.invoke(event, timeoutMs),
    output: () => output,
    async logLine(match, waitMs = 2000) {
      const started = Date.now();
      for (;;) {
        const found = jsonLines(output).find(match);
        if (found) return found;
        if (Date.now() - started > waitMs) throw new Error(`no matching log line within ${waitMs} ms in:\n${output.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    logLines: (match) => jsonLines(output).filter(match),
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// The directory of a package as this test package resolves it (its package.json may not be exported).
function packageDirOf(name: string): string {
  let dir = dirname(requireFromTests.resolve(name));
  while (!dir.endsWith(join('node_modules', name))) dir = dirname(dir);
  return dir;
}

function jsonLines(output: string): Array<Record<string, unknown>> {
  const entries: Array<Record<string, unknown>> = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      entries.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A line still being written.
    }
  }
  return entries;
}
