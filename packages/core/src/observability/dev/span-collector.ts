import type { Context, Span, SpanOptions, Tracer, TracerProvider } from '@opentelemetry/api';
import { activeContext, isValidSpanContext, spanOf, withContext, withSpan } from '../otel-api.js';
import { epochMs, randomHex, type CollectedSpan } from './collected-span.js';
import { RecordingSpan } from './recording-span.js';

/** Options of {@link SpanCollector}. */
export interface SpanCollectorOptions {
  /** Finished spans kept in memory; the oldest go first (default 10,000). */
  maxSpans?: number;
}

/**
 * An in-process tracer provider that keeps finished spans in memory, for `faasade dev`
 * and tests: every span is recorded (no sampling), nothing is exported. Register it as
 * the global tracer provider (see `startSpanCollector`), run invocations, then ask for
 * what they did with {@link SpanCollector.takeInvocation} and print it with `formatTraceTree`.
 */
export class SpanCollector {
  readonly #spans = new Map<string, CollectedSpan>();
  readonly #listeners = new Set<(span: CollectedSpan) => void>();
  readonly #max: number;
  /** The OpenTelemetry tracer provider that records into this collector. */
  readonly provider: TracerProvider;

  constructor(options: SpanCollectorOptions = {}) {
    this.#max = options.maxSpans ?? 10_000;
    const tracer = this.#tracer();
    this.provider = { getTracer: () => tracer };
  }

  /** Finished spans, oldest first; only those of `traceId` when given. */
  spans(traceId?: string): CollectedSpan[] {
    const all = [...this.#spans.values()];
    return traceId === undefined ? all : all.filter((span) => span.traceId === traceId);
  }

  /** A finished span by id. */
  span(spanId: string): CollectedSpan | undefined {
    return this.#spans.get(spanId);
  }

  /**
   * Removes and returns the spans of one invocation: the span whose `faas.invocation_id`
   * is `invocationId` and every finished span below it, in start order. Call it after
   * `invokeHttp` / `invokeObjectEvent` returned (the invocation span has ended by then).
   */
  takeInvocation(invocationId: string): CollectedSpan[] {
    const root = [...this.#spans.values()].find((span) => span.attributes['faas.invocation_id'] === invocationId);
    if (!root) return [];
    const taken: CollectedSpan[] = [root];
    const ids = new Set([root.spanId]);
    // Spans end before their parents, so descendants may appear anywhere in the map: repeat until stable.
    for (let grew = true; grew;) {
      grew = false;
      for (const span of this.#spans.values()) {
        if (span.traceId === root.traceId && span.parentSpanId !== undefined && ids.has(span.parentSpanId) && !ids.has(span.spanId)) {
          ids.add(span.spanId);
          taken.push(span);
          grew = true;
        }
      }
    }
    for (const id of ids) this.#spans.delete(id);
    return taken.sort((a, b) => a.startTime - b.startTime);
  }

  /** Calls `listener` with each span as it ends; returns the unsubscribe function. */
  onSpanEnd(listener: (span: CollectedSpan) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets every span. */
  clear(): void {
    this.#spans.clear();
  }

  #record(span: CollectedSpan): void {
    this.#spans.set(span.spanId, span);
    if (this.#spans.size > this.#max) this.#spans.delete(this.#spans.keys().next().value!);
    for (const listener of this.#listeners) {
      try {
        listener(span);
      } catch {
        // A failing listener must not break the traced code.
      }
    }
  }

  #tracer(): Tracer {
    const startSpan = (name: string, options: SpanOptions = {}, context?: Context): Span => {
      const parent = options.root ? undefined : spanOf(context ?? activeContext())?.spanContext();
      const inherit = isValidSpanContext(parent);
      return new RecordingSpan({
        context: { traceId: inherit ? parent.traceId : randomHex(16), spanId: randomHex(8), traceFlags: 1, ...(inherit && parent.traceState ? { traceState: parent.traceState } : {}) },
        parentSpanId: inherit ? parent.spanId : undefined,
        name,
        kind: options.kind,
        startTime: epochMs(options.startTime, performance.timeOrigin + performance.now()),
        attributes: options.attributes,
      }, (span) => this.#record(span));
    };
    // startActiveSpan(name, fn) | (name, options, fn) | (name, options, context, fn)
    const startActiveSpan = (name: string, ...rest: unknown[]): unknown => {
      const fn = rest.pop() as (span: Span) => unknown;
      const [options, context] = rest as [SpanOptions | undefined, Context | undefined];
      const parent = context ?? activeContext();
      const span = startSpan(name, options, parent);
      return withContext(withSpan(parent, span), () => fn(span));
    };
    return { startSpan, startActiveSpan } as Tracer;
  }
}
