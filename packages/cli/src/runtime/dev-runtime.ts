import { CliError } from '../errors.js';
import { readProjectConfig } from '../project/config.js';
import { discoverModules, type ModuleEntry } from '../project/discover.js';
import type { Reporter } from '../output/reporter.js';
import { formatMs, textReporter } from '../output/text-reporter.js';
import { applyBucketEnv, resolveBinding, type BucketBinding } from '../storage/bindings.js';
import { reportApiWrites } from '../storage/api-events.js';
import type { BucketWatcher } from '../storage/bucket-watcher.js';
import { watchBucket } from '../storage/watch-bucket.js';
import { bundleCacheDir } from './bundle-module.js';
import { CodeWatcher } from './code-watcher.js';
import { FunctionModule } from './function-module.js';
import { startHttpServer, type LocalHttpServer } from './http-server.js';
import { ObjectDispatcher } from './object-dispatcher.js';
import { describeFunctions, reportReady, type DevFunctionInfo } from './ready-report.js';
import { FunctionRegistry } from './registry.js';
import { keepTickObjectShape } from './tick-shape.js';
import { startInvocationTracer, type InvocationTracer } from './tracing.js';

export type { DevFunctionInfo } from './ready-report.js';

/** Options of {@link startDev}. */
export interface DevOptions {
  /** The project directory (default: the working directory). */
  root?: string;
  /** The config file, relative to the root (default `faasade.config.json` if present). */
  config?: string;
  /** Module files or package directories to serve instead of the configured ones. */
  modules?: readonly string[];
  /** Port (default: the config's, else 3000; 0 picks a free one). */
  port?: number;
  host?: string;
  /** Where output goes (default: text on stdout/stderr). */
  reporter?: Reporter;
  /** Reload modules when their files change (default true). */
  watch?: boolean;
  /** Pauses before redelivering a failed event; see `DispatcherOptions.retryDelaysMs`. */
  retryDelaysMs?: readonly number[];
  /**
   * Record every span in memory and print each invocation's trace beneath it, events
   * linked to the write that caused them (default false: tracing costs each request time).
   */
  trace?: boolean;
}

/** A running `faasade dev`. */
export interface DevHandle {
  /** Base URL of the HTTP functions, such as `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The buckets object functions listen on, with their directories. */
  readonly buckets: readonly BucketBinding[];
  functions(): DevFunctionInfo[];
  /** Resolves when file events have settled and every queued storage event was handled. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the local runtime: discovers the project's functions, loads each module in a
 * fresh instance, serves HTTP functions at their routes, watches local bucket directories
 * and delivers storage events to object functions, and reloads modules when their code
 * changes. Problems with one function are reported and the others keep running.
 * @throws CliError when it cannot run at all (invalid config, no functions, port in use).
 */
export async function startDev(options: DevOptions = {}): Promise<DevHandle> {
  // Before anything is served: a dev server left idle after its start would otherwise
  // lose ~10 % of its request rate for good (see keepTickObjectShape).
  keepTickObjectShape();
  const root = options.root ?? process.cwd();
  const reporter = options.reporter ?? textReporter();
  const config = await readProjectConfig(root, options.config);
  applyBucketEnv(root, config.buckets);

  const entries = await findModules(root, options.modules, config.functions, config.file !== undefined, reporter);
  if (entries.length === 0) {
    throw new CliError('FunctionNotFound', `no function modules found (looked in ${config.functions.join(', ')}); list them in faasade.config.json as {"functions": ["path/to/module.ts"]} or pass module paths`);
  }
  const cacheDir = bundleCacheDir(root);
  // Set once everything below exists; a module started by its first use reports through it.
  let started: ((module: FunctionModule) => void) | undefined;
  const modules = entries.map((entry) => new FunctionModule(entry, cacheDir, (module) => started?.(module)));
  const registry = new FunctionRegistry(modules);
  await Promise.all(modules.map(async (module) => {
    await module.prepare();
    if (module.error) reporter.problem(module.error.code, `${module.error.message}; fix it and save to reload`);
  }));
  for (const problem of registry.rebuild()) reporter.problem(problem.code, problem.message);

  const tracer = options.trace ? await traceOrSay(reporter) : undefined;
  const dispatcher = new ObjectDispatcher({ registry, reporter, tracer, ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}) });
  let server: LocalHttpServer;
  try {
    server = await startHttpServer({ registry, reporter, tracer, port: options.port ?? config.port ?? 3000, ...(options.host ? { host: options.host } : {}) });
  } catch (error) {
    await tracer?.stop();
    throw error;
  }
  const watchers = new Map<string, { binding: BucketBinding; watcher: BucketWatcher | undefined }>();
  const bindBuckets = async (): Promise<void> => {
    for (const name of new Set([...registry.objectBindings(), ...Object.keys(config.buckets)])) {
      if (watchers.has(name)) continue;
      const binding = resolveBinding(name);
      watchers.set(name, { binding, watcher: await watchBucket(binding, (b, change) => dispatcher.deliver(b, change), reporter) });
    }
    reportApiWrites([...watchers.values()].map((w) => w.binding), (binding, change) => dispatcher.deliver(binding, change));
  };
  await bindBuckets();

  const codeWatcher = new CodeWatcher((changed) => void reload(changed));
  started = (module) => {
    if (module.error) reporter.problem(module.error.code, `${module.error.message}; fix it and save to reload`);
    for (const problem of registry.rebuild()) reporter.problem(problem.code, problem.message);
    codeWatcher.update(modules);
  };
  const reload = async (changed: FunctionModule[]): Promise<void> => {
    for (const module of changed) {
      const began = performance.now();
      await module.load();
      if (module.error) reporter.problem(module.error.code, `${module.error.message}; fix it and save to reload`);
      else reporter.notice(`reloaded ${names(module)} in ${formatMs(performance.now() - began)} (next invocation is a cold start)`, { event: 'reloaded', module: module.entry.label, functions: module.instance!.functions.map((fn) => fn.options.name) });
    }
    for (const problem of registry.rebuild()) reporter.problem(problem.code, problem.message);
    codeWatcher.update(modules);
    await bindBuckets();
    for (const entry of registry.all()) if (entry.fn.trigger === 'object') dispatcher.resume(entry.fn.options.name);
  };
  if (options.watch !== false) codeWatcher.update(modules);

  const functions = (): DevFunctionInfo[] => describeFunctions(registry);
  reportReady(reporter, server.url, functions(), [...watchers.values()].map((w) => w.binding), root);

  return {
    url: server.url,
    get buckets() {
      return [...watchers.values()].map((w) => w.binding);
    },
    functions,
    async settled() {
      // Handlers write objects, which are events again: wait until a round adds nothing.
      for (;;) {
        await Promise.all([...watchers.values()].map((w) => w.watcher?.settled()));
        await dispatcher.idle();
        await Promise.all([...watchers.values()].map((w) => w.watcher?.settled()));
        if (dispatcher.pending() === 0) return;
      }
    },
    async close() {
      codeWatcher.close();
      dispatcher.close();
      for (const { watcher } of watchers.values()) watcher?.close();
      await server.close();
      await tracer?.stop();
      reporter.flush();
    },
  };
}

async function findModules(root: string, paths: readonly string[] | undefined, patterns: readonly string[], explicit: boolean, reporter: Reporter): Promise<ModuleEntry[]> {
  const discovery = await discoverModules(root, paths ?? patterns, paths !== undefined || explicit);
  for (const problem of discovery.problems) reporter.problem(problem.code, problem.message);
  return discovery.modules;
}

async function traceOrSay(reporter: Reporter): Promise<InvocationTracer | undefined> {
  const started = await startInvocationTracer();
  if (!started.tracer) reporter.notice(`--trace: no traces shown: ${started.reason}`, { event: 'trace-off', reason: started.reason });
  return started.tracer;
}

function names(module: FunctionModule): string {
  return module.instance?.functions.map((fn) => fn.options.name).join(', ') ?? module.entry.label;
}
