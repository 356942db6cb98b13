import { activeContext, isValidSpanContext, spanOf } from './otel-api.js';

/** An invocation's place in a distributed trace, as `ctx.trace` shows it. */
export interface TraceInfo {
  /** 32 hex characters; the same in every function and service the request passed through. */
  readonly traceId: string;
  /** This invocation's span when a tracer records, else the caller's span. */
  readonly spanId: string;
  /** Whether the trace is being recorded. */
  readonly sampled: boolean;
}

/**
 * The position an outgoing call should carry when this invocation has its own span: the
 * active OpenTelemetry span when it belongs to the invocation's trace (a storage or user
 * span inside the handler), with its `tracestate`; otherwise undefined, and the caller
 * uses the invocation's own position (`fallback`). Part of the bridge.
 */
export function activeSpanPosition(fallback: TraceInfo | undefined): { position: TraceInfo; state: string | undefined } | undefined {
  const context = spanOf(activeContext())?.spanContext();
  if (!isValidSpanContext(context) || context.traceId !== fallback?.traceId) return undefined;
  return { position: { traceId: context.traceId, spanId: context.spanId, sampled: (context.traceFlags & 1) === 1 }, state: context.traceState?.serialize() || undefined };
}
