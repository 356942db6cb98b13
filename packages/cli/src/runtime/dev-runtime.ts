import { relative } from 'node:path';
import { openBucket } from '@faasade/core/storage';
import { CliError, firstLine } from '../errors.js';
import { readProjectConfig } from '../project/config.js';
import { discoverModules, type ModuleEntry } from '../project/discover.js';
import type { Reporter } from '../output/reporter.js';
import { textReporter } from '../output/text-reporter.js';
import { formatMs } from '../output/text-reporter.js';
import { applyBucketEnv, resolveBinding, type BucketBinding } from '../storage/bindings.js';
import { reportApiWrites } from '../storage/api-events.js';
import { BucketWatcher } from '../storage/bucket-watcher.js';
import { bundleCacheDir } from './bundle-module.js';
import { CodeWatcher } from './code-watcher.js';
import { FunctionModule } from './function-module.js';
import { startHttpServer, type LocalHttpServer } from './http-server.js';
import { ObjectDispatcher } from './object-dispatcher.js';
import { FunctionRegistry } from './registry.js';

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
}

/** What {@link startDev} reports about one function. */
export interface DevFunctionInfo {
  name: string;
  trigger: 'http' | 'object';
  /** `GET,POST /hello`, or `images: created under uploads/`. */
  serves: string;
  /** Its module, as discovery names it. */
  module: string;
  /** False while its module fails to load (one not started yet is available: it starts on first use). */
  available: boolean;
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

  const dispatcher = new ObjectDispatcher({ registry, reporter, ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}) });
  const server: LocalHttpServer = await startHttpServer({ registry, reporter, port: options.port ?? config.port ?? 3000, ...(options.host ? { host: options.host } : {}) });
  const watchers = new Map<string, { binding: BucketBinding; watcher: BucketWatcher | undefined }>();
  const bindBuckets = async (): Promise<void> => {
    for (const name of new Set([...registry.objectBindings(), ...Object.keys(config.buckets)])) {
      if (watchers.has(name)) continue;
      const binding = resolveBinding(name);
      watchers.set(name, { binding, watcher: await watchBucket(binding, dispatcher, reporter) });
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

  const functions = (): DevFunctionInfo[] => registry.all().map((entry) => ({
    name: entry.fn.options.name,
    trigger: entry.fn.trigger,
    serves: entry.fn.trigger === 'http'
      ? `${(entry.fn.options.methods ?? ['any method']).join(',')} ${entry.fn.options.route}`
      : `${entry.fn.options.bucket}: ${(entry.fn.options.events ?? ['created']).join(', ')}${entry.fn.options.prefix ? ` under ${entry.fn.options.prefix}` : ''}${entry.fn.options.suffix ? ` ending ${entry.fn.options.suffix}` : ''}`,
    module: entry.module.entry.label,
    available: entry.module.error === undefined,
  }));
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
      reporter.flush();
    },
  };
}

async function findModules(root: string, paths: readonly string[] | undefined, patterns: readonly string[], explicit: boolean, reporter: Reporter): Promise<ModuleEntry[]> {
  const discovery = await discoverModules(root, paths ?? patterns, paths !== undefined || explicit);
  for (const problem of discovery.problems) reporter.problem(problem.code, problem.message);
  return discovery.modules;
}

async function watchBucket(binding: BucketBinding, dispatcher: ObjectDispatcher, reporter: Reporter): Promise<BucketWatcher | undefined> {
  if (!binding.dir) {
    reporter.notice(`bucket ${binding.name} → ${binding.source}: not a directory; events fire for writes through the storage API from this process (its cloud notifies deployed functions of the rest)`, { event: 'bucket', bucket: binding.name, url: binding.source });
    return undefined;
  }
  const watcher = new BucketWatcher(binding.dir, openBucket(binding.url), {
    change: (change) => dispatcher.deliver(binding, change),
    problem: (message) => reporter.problem('BucketUnavailable', `bucket ${binding.name}: ${message}`),
    recovered: () => reporter.notice(`bucket ${binding.name}: ${binding.dir} is back; events resume`, { event: 'bucket-recovered', bucket: binding.name }),
  });
  try {
    await watcher.start();
    return watcher;
  } catch (error) {
    reporter.problem('BucketUnavailable', `bucket ${binding.name}: cannot watch ${binding.dir} (${firstLine(error)}); check the path and its permissions`);
    return undefined;
  }
}

function names(module: FunctionModule): string {
  return module.instance?.functions.map((fn) => fn.options.name).join(', ') ?? module.entry.label;
}

function reportReady(reporter: Reporter, url: string, functions: DevFunctionInfo[], buckets: BucketBinding[], root: string): void {
  const width = Math.max(0, ...functions.map((fn) => fn.name.length));
  const lines = [`faasade dev: ${functions.length} function${functions.length === 1 ? '' : 's'} ready in ${formatMs(performance.now())} at ${url}`];
  for (const fn of functions) {
    const where = fn.trigger === 'http' ? `  ${url}${fn.serves.split(' ').at(-1)}` : '';
    lines.push(`  ${fn.name.padEnd(width)}  ${fn.trigger.padEnd(6)}  ${fn.serves}${where}${fn.available ? '' : '  (failed to load)'}`);
  }
  for (const bucket of buckets) if (bucket.dir) lines.push(`  bucket ${bucket.name} → ${relative(root, bucket.dir) || bucket.dir}/ (drop files here to fire events)`);
  const cpu = process.cpuUsage();
  reporter.notice(lines.join('\n'), { event: 'ready', url, readyMs: Math.round(performance.now()), cpuMs: Math.round((cpu.user + cpu.system) / 1000), functions, buckets: buckets.map((b) => ({ name: b.name, url: b.source, dir: b.dir })) });
}
