import { loadBridge, loadedBridge } from './bridge-loader.js';
import { tracerRegistered } from './otel-registry.js';
import { rememberWrite } from './write-traces.js';

/** Where a storage call happens, as the span names it. */
export interface StorageCallSite {
  readonly operation: string;
  readonly bucket: string;
  readonly key?: string | undefined;
}

/** True when storage calls should be traced: a tracer provider is registered. */
export function storageTracing(): boolean {
  return tracerRegistered();
}

/**
 * Runs one storage call inside a client span named `storage <operation>` when a tracer is
 * registered (see storage-call-span.ts, in the bridge, which loads on the first traced
 * call); without one, runs it as it is. A traced `put` of `fullKey` is remembered for
 * local storage events (write-traces.ts).
 */
export async function traceStorageCall<T>(site: StorageCallSite, fullKey: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!tracerRegistered()) return run();
  let bridge = loadedBridge();
  if (!bridge) {
    try {
      bridge = await loadBridge();
    } catch {
      return run(); // tracing must never fail a storage call
    }
  }
  return bridge.traceStorageCall(site, run, (position) => {
    if (fullKey !== undefined) rememberWrite(site.bucket, fullKey, position);
  });
}
