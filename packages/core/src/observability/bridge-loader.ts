import { meterRegistered, tracerRegistered } from './otel-registry.js';

/** The OpenTelemetry bridge (bridge.ts): spans, SDK flushes, user metrics' checks and output. */
export type Bridge = typeof import('./bridge.js');

let loaded: Bridge | undefined;
let loading: Promise<Bridge> | undefined;

/**
 * The bridge when it is loaded, else undefined. It loads on first need: a registered
 * SDK, or the first user metric. A function that uses neither never parses it, which
 * keeps it out of every cold start (see docs/observability.md, "What it costs").
 */
export function loadedBridge(): Bridge | undefined {
  return loaded;
}

/** Loads the bridge once; later calls share the first load. */
export function loadBridge(): Promise<Bridge> {
  loading ??= import('./bridge.js').then((bridge) => (loaded = bridge));
  return loading;
}

// An SDK registered before the function's module loaded (a preloaded instrumentation, the
// Lambda layer's wrapper): load the bridge now, while the platform waits for the first
// event, rather than on the first invocation.
if (tracerRegistered() || meterRegistered()) loadBridge().catch(() => undefined);
