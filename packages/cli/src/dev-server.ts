import type { HttpFunction } from '@faasade/core';
import type { LogSink } from '@faasade/core/adapter';
import type { Reporter } from './output/reporter.js';
import { FunctionModule } from './runtime/function-module.js';
import { startHttpServer, type LocalHttpServer } from './runtime/http-server.js';
import { FunctionRegistry } from './runtime/registry.js';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The HTTP functions to serve at their declared routes. */
  functions: readonly HttpFunction[];
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Where function log lines go (default stdout). */
  logSink?: LogSink;
  /** Called after each invocation. */
  onInvocation?: (record: InvocationRecord) => void;
}

/** One served request, as {@link startDevServer} reports it. */
export interface InvocationRecord {
  functionName: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  coldStart: boolean;
}

/** A running local server. */
export type DevServer = LocalHttpServer;

/**
 * Serves HTTP functions declared in this process on localhost, through the same path as
 * `faasade dev` but without discovery, buckets or reloads: for tests and embedding.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const registry = new FunctionRegistry([FunctionModule.fromDeclarations('functions', options.functions)]);
  const problems = registry.rebuild();
  if (problems[0]) throw problems[0];
  const sink: LogSink = options.logSink ?? ((line) => void process.stdout.write(line));
  const reporter: Reporter = {
    invocation(report) {
      for (const { line, level } of report.logs) sink(line, level);
      const [method = 'GET', target = '/'] = report.subject.split(' ');
      options.onInvocation?.({
        functionName: report.function, method, path: target.split('?')[0]!,
        status: typeof report.status === 'number' ? report.status : 500, durationMs: report.durationMs, coldStart: report.coldStart,
      });
    },
    notice: () => {},
    problem: (code, message) => void process.stderr.write(`faasade: ${message} [${code}]\n`),
    log: (_name, { line, level }) => sink(line, level),
    flush: () => {},
  };
  return startHttpServer({ registry, reporter, port: options.port ?? 0, ...(options.host ? { host: options.host } : {}) });
}
