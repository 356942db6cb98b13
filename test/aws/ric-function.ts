import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionDefinition } from '@faasade/core';
import { bundleEntry, linkPackages } from '../shared/deployment-bundle.js';
import { moduleOf, type FunctionModule } from './function-modules.js';
import { runLambdaDir } from './ric-runner.js';
import type { InvocationOutcome } from './runtime-api-server.js';

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

/**
 * Bundles `lambdaHandler(fn)` as a deployment would (esbuild, `source` condition), starts
 * aws-lambda-ric on it as a child process and returns a client for invocations. HTTP and
 * object functions alike: the same `lambdaHandler` takes both.
 */
export async function startRicFunction(fn: FunctionDefinition, options: RicOptions = {}): Promise<RicFunction> {
  const dir = await mkdtemp(join(tmpdir(), `faasade-aws-${fn.options.name}-`));
  const { specifier, exportName } = options.module ?? moduleOf(fn);
  const external = options.external ?? [];
  const running = await (async () => {
    await bundleEntry([
      ...(options.setup ?? []).map((module) => `import ${JSON.stringify(module)};`),
      `import { lambdaHandler } from '@faasade/aws';`,
      `import { ${exportName === 'default' ? 'default as fn' : `${exportName} as fn`} } from ${JSON.stringify(specifier)};`,
      `export const handler = lambdaHandler(fn);`,
    ], join(dir, 'index.mjs'), external);
    await linkPackages(dir, external);
    const timeoutMs = options.timeoutMs ?? (fn.options.timeoutSeconds ?? 10) * 1000;
    return runLambdaDir(dir, fn.options.name, { env: options.env, timeoutMs, memoryMb: fn.options.memoryMb });
  })().catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    invoke: (event) => running.invoke(event),
    output: () => running.output(),
    async logLine(match, waitMs = 2000) {
      const started = Date.now();
      for (;;) {
        const found = jsonLines(running.output()).find(match);
        if (found) return found;
        if (Date.now() - started > waitMs) throw new Error(`no matching log line within ${waitMs} ms in:\n${running.output().slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    logLines: (match) => jsonLines(running.output()).filter(match),
    async close() {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
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
