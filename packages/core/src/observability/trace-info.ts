import type { Span } from '@opentelemetry/api';
import { activeContext, isValidSpanContext, spanOf } from './otel-api.js';
import { formatTraceparent } from './trace-parent.js';

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
 * The W3C headers for an outgoing call: the active OpenTelemetry span when it belongs to
 * this invocation's trace (a storage or user span inside the handler), else `fallback` —
 * the invocation span, or with no tracer the caller's position passed through unchanged,
 * so a chain of functions stays one trace even when no SDK is registered anywhere.
 */
export function outgoingTraceHeaders(fallback: TraceInfo | undefined, traceState: string | undefined, ownSpan: Span | undefined): Record<string, string> {
  let position = fallback;
  let state = traceState;
  if (ownSpan) {
    const context = spanOf(activeContext())?.spanContext();
    if (isValidSpanContext(context) && context.traceId === fallback?.traceId) {
      position = { traceId: context.traceId, spanId: context.spanId, sampled: (context.traceFlags & 1) === 1 };
      state = context.traceState?.serialize() || state;
    }
  }
  if (!position) return {};
  const headers: Record<string, string> = { traceparent: formatTraceparent(position) };
  if (state) headers.tracestate = state;
  return headers;
}
