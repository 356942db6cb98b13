import { relative } from 'node:path';
import { formatMs } from '../output/text-reporter.js';
import type { Reporter } from '../output/reporter.js';
import type { BucketBinding } from '../storage/bindings.js';
import type { FunctionRegistry } from './registry.js';

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

/** The registry's functions as {@link DevFunctionInfo}. */
export function describeFunctions(registry: FunctionRegistry): DevFunctionInfo[] {
  return registry.all().map(({ fn, module }) => ({
    name: fn.options.name,
    trigger: fn.trigger,
    serves: fn.trigger === 'http'
      ? `${(fn.options.methods ?? ['any method']).join(',')} ${fn.options.route}`
      : `${fn.options.bucket}: ${(fn.options.events ?? ['created']).join(', ')}${fn.options.prefix ? ` under ${fn.options.prefix}` : ''}${fn.options.suffix ? ` ending ${fn.options.suffix}` : ''}`,
    module: module.entry.label,
    available: module.error === undefined,
  }));
}

/**
 * The ready notice: where each function answers and where to drop files (text), or the
 * same as data with the time since the process started (`readyMs`) and the CPU it used.
 */
export function reportReady(reporter: Reporter, url: string, functions: DevFunctionInfo[], buckets: BucketBinding[], root: string): void {
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
