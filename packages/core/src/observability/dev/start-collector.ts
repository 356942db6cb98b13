import { tracerProvider } from '../otel-api.js';
import { AsyncContextManager } from './async-context.js';
import { SpanCollector, type SpanCollectorOptions } from './span-collector.js';

/** A running in-process collector. */
export interface RunningCollector {
  readonly collector: SpanCollector;
  /**
   * False when the application had already registered a tracer provider: its SDK keeps
   * the spans, and this collector sees none.
   */
  readonly registered: boolean;
  /** Unregisters what {@link startSpanCollector} registered. */
  stop(): Promise<void>;
}

/**
 * Registers an in-process {@link SpanCollector} as OpenTelemetry's global tracer provider,
 * and an `AsyncLocalStorage` context manager when none is registered, so every invocation
 * in this process is traced in memory. For `faasade dev` and tests; the API is loaded here,
 * on call, so function bundles that never call it carry none of it.
 *
 * @example
 * const { collector } = await startSpanCollector();
 * const parts = await invokeHttp(fn, request, ctx);
 * for (const line of formatTraceTree(collector.takeInvocation(ctx.invocationId))) console.log(line);
 */
export async function startSpanCollector(options: SpanCollectorOptions = {}): Promise<RunningCollector> {
  const collector = new SpanCollector(options);
  if (tracerProvider()) return { collector, registered: false, stop: async () => undefined };
  const api = await import('@opentelemetry/api');
  api.trace.setGlobalTracerProvider(collector.provider);
  const contextManager = new AsyncContextManager().enable();
  const ownContext = api.context.setGlobalContextManager(contextManager);
  return {
    collector,
    registered: true,
    stop: async () => {
      api.trace.disable();
      if (ownContext) {
        api.context.disable();
        contextManager.disable();
      }
    },
  };
}
