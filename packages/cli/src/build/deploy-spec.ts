import type { FunctionDefinition } from '@faasade/core';
import { functionError } from './errors.js';

/** The defaults every target uses when a declaration leaves a setting out. */
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** One function as the deployment templates see it: the declaration with defaults applied. */
export interface DeploySpec {
  name: string;
  trigger: FunctionDefinition['trigger'];
  memoryMb: number;
  /** The declared timeout, rounded up to whole seconds; each target applies its own default. */
  timeoutSeconds: number | undefined;
  /** Instances kept warm (provisioned concurrency, always-ready, min instances). */
  warmInstances: number;
  /** Every bucket binding the function uses, its trigger's first, sorted otherwise. */
  buckets: readonly string[];
  /** Environment the function's code needs from its runtime, beside the bucket bindings (see {@link runtimeEnvironment}). */
  environment: Readonly<Record<string, string>>;
  http?: { route: string; methods: readonly string[] | undefined };
  object?: { bucket: string; events: ReadonlyArray<'created' | 'deleted'>; prefix: string; suffix: string };
}

const BINDING_NAME = /^[a-z][a-z0-9_-]{0,62}$/i;

/**
 * Reads a declaration into a {@link DeploySpec}, checking the settings only the templates
 * use (core checks the rest when the function is declared).
 * @throws BuildError `InvalidDeclaration` naming the function and the setting.
 */
export function deploySpecOf(fn: FunctionDefinition, nativePackages: readonly string[] = []): DeploySpec {
  const { name } = fn.options;
  const memoryMb = fn.options.memoryMb ?? DEFAULT_MEMORY_MB;
  if (!Number.isInteger(memoryMb) || memoryMb <= 0) throw functionError('InvalidDeclaration', name, `memoryMb must be a positive whole number of MB, not ${String(fn.options.memoryMb)}`);
  const timeoutSeconds = fn.options.timeoutSeconds === undefined ? undefined : Math.ceil(fn.options.timeoutSeconds);
  const warmInstances = fn.options.warmInstances ?? 0;
  if (!Number.isInteger(warmInstances) || warmInstances < 0) throw functionError('InvalidDeclaration', name, `warmInstances must be a whole number ≥ 0, not ${String(fn.options.warmInstances)}`);
  const extra = fn.options.buckets ?? [];
  if (!Array.isArray(extra)) throw functionError('InvalidDeclaration', name, 'buckets must be an array of binding names such as ["images"]');
  for (const binding of extra) {
    if (typeof binding !== 'string' || !BINDING_NAME.test(binding)) {
      throw functionError('InvalidDeclaration', name, `bucket binding ${JSON.stringify(binding)} must be a letter, then letters, digits, "-" or "_"`);
    }
  }
  const triggerBucket = fn.trigger === 'object' ? [fn.options.bucket] : [];
  const buckets = [...new Set([...triggerBucket, ...[...extra].sort()])];
  const spec: DeploySpec = { name, trigger: fn.trigger, memoryMb, timeoutSeconds, warmInstances, buckets, environment: runtimeEnvironment(nativePackages) };
  if (fn.trigger === 'http') {
    spec.http = { route: fn.options.route, methods: fn.options.methods?.length ? fn.options.methods : undefined };
  } else {
    const { bucket, events = ['created'], prefix = '', suffix = '' } = fn.options;
    spec.object = { bucket, events, prefix, suffix };
  }
  return spec;
}

/**
 * Variables a function's runtime should start with, from the native packages its code
 * uses. sharp: `MALLOC_ARENA_MAX=2`. glibc gives each thread that allocates its own malloc
 * arena and keeps freed image buffers mapped in each, so peak memory grows with libvips'
 * worker threads; two arenas cut the image pipeline's peak RSS from about 470 MB to 270 MB
 * with no loss of speed (test/bench/renditions.ts). glibc reads it at process start, which
 * is why it is deployment configuration and not code.
 */
export function runtimeEnvironment(nativePackages: readonly string[]): Record<string, string> {
  return nativePackages.includes('sharp') ? { MALLOC_ARENA_MAX: '2' } : {};
}

/** The first size in `sizes` (ascending) that holds `memoryMb`, or undefined when none does. */
export function roundUpMemory(memoryMb: number, sizes: readonly number[]): number | undefined {
  return sizes.find((size) => size >= memoryMb);
}

/** `images` → `Images`, `raw-uploads` → `RawUploads`: a CloudFormation logical id part. */
export function pascalCase(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
}

/** The timeout a target deploys: the declared one, else `httpDefault` for HTTP functions and core's default otherwise. */
export function timeoutOf(spec: DeploySpec, httpDefault: number = DEFAULT_TIMEOUT_SECONDS): number {
  return spec.timeoutSeconds ?? (spec.http ? httpDefault : DEFAULT_TIMEOUT_SECONDS);
}
