import { meterProvider, tracerProvider } from './otel-api.js';

// Never hold an answer longer than this for exports, and leave the platform this much
// of the deadline: a slow collector must not turn into a timed-out invocation.
const MAX_FLUSH_MS = 2000;
const DEADLINE_MARGIN_MS = 250;

interface Flushable {
  forceFlush(): Promise<void>;
}

/**
 * Waits for the registered SDK providers to export what they hold
 * (`forceFlush`), as the last step of an invocation: Lambda freezes the instance once the
 * answer is sent, and Cloud Run and Azure's consumption plan throttle it, so a periodic
 * exporter's batch would sit there until the next request — or forever.
 * `FAASADE_OTEL_FLUSH=off` skips it (for servers that are never frozen). Undefined when
 * there is nothing to wait for. Never rejects.
 */
export function flushProviders(deadline: number): Promise<void> | undefined {
  const targets = flushTargets();
  if (targets.length === 0) return undefined;
  return (async () => {
    const budget = Math.min(MAX_FLUSH_MS, deadline - Date.now() - DEADLINE_MARGIN_MS);
    if (budget <= 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, budget);
      timer.unref?.();
    });
    await Promise.race([Promise.allSettled(targets.map((target) => target.forceFlush())), timeout]);
    clearTimeout(timer);
  })();
}

let flushOff: boolean | undefined;

const NO_TARGETS: readonly Flushable[] = Object.freeze([]);

function flushTargets(): readonly Flushable[] {
  const tracing = tracerProvider();
  const metering = meterProvider();
  if (!tracing && !metering) return NO_TARGETS;
  flushOff ??= process.env.FAASADE_OTEL_FLUSH?.trim().toLowerCase() === 'off';
  if (flushOff) return NO_TARGETS;
  const targets: Flushable[] = [];
  // The registered tracer provider is the API's proxy; the SDK's provider is its delegate.
  const proxy = tracing as { getDelegate?: () => unknown } | undefined;
  const sdkTracing = typeof proxy?.getDelegate === 'function' ? proxy.getDelegate() : proxy;
  if (isFlushable(sdkTracing)) targets.push(sdkTracing);
  if (isFlushable(metering)) targets.push(metering);
  return targets;
}

function isFlushable(value: unknown): value is Flushable {
  return typeof (value as Partial<Flushable> | null)?.forceFlush === 'function';
}
