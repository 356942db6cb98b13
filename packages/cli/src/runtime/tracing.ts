import { formatTraceTree, startSpanCollector, type SpanCollector } from '@faasade/core/adapter';

/** Spans of each invocation, for `faasade dev --trace`. */
export interface InvocationTracer {
  /** The invocation's span tree as lines (none when it recorded no spans). */
  take(invocationId: string): string[];
  stop(): Promise<void>;
}

/**
 * Records every span in this process in memory (core's span collector, registered as the
 * OpenTelemetry tracer provider) so each invocation line can show its trace: the
 * invocation, its storage calls, and for an event the write that caused it. Undefined,
 * with the reason, when the application registered its own provider (its SDK has the spans).
 */
export async function startInvocationTracer(): Promise<{ tracer: InvocationTracer } | { tracer: undefined; reason: string }> {
  const running = await startSpanCollector();
  if (!running.registered) return { tracer: undefined, reason: 'an OpenTelemetry tracer provider is already registered; its exporter has the spans' };
  const collector: SpanCollector = running.collector;
  const names = new Map<string, string>();
  return {
    tracer: {
      take(invocationId) {
        const spans = collector.takeInvocation(invocationId);
        for (const span of spans) names.set(span.spanId, span.name);
        // Remember a little: an event's parent is the write a moment ago, rarely more.
        while (names.size > 1000) names.delete(names.keys().next().value!);
        return spans.length === 0 ? [] : formatTraceTree(spans, { parentName: (id) => names.get(id) });
      },
      stop: () => running.stop(),
    },
  };
}
