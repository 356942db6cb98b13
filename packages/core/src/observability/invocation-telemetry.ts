import { incomingTrace, type IncomingTrace } from './incoming-trace.js';
import { endInvocationSpan, invocationSpanStart, startInvocationSpan, type StartedSpan } from './invocation-span.js';
import { InvocationMetrics } from './metrics/invocation-metrics.js';
import type { MetricPoint } from './metrics/metric-types.js';
import { emitMetrics, metricsConfig, metricsDue, type InvocationSummary } from './metrics/metrics-output.js';
import { tracerRegistered, withContext } from './otel-api.js';
import { flushProviders } from './flush.js';
import { outgoingTraceHeaders, type TraceInfo } from './trace-info.js';
import type { EventStart, TelemetryOwner, TelemetrySources } from './telemetry-sources.js';

export type { EventStart, TelemetryOwner, TelemetrySources } from './telemetry-sources.js';

const NONE = null;
const NO_POINTS: readonly MetricPoint[] = Object.freeze([]);

/**
 * The observability of one invocation: its trace position and span, its outcome, its
 * metrics, and the flush at the end. With no OpenTelemetry SDK registered it holds a few
 * fields and never touches the API; headers are read only when a log line or a
 * recording tracer needs the trace.
 */
export class InvocationTelemetry {
  readonly #owner: TelemetryOwner;
  readonly #sources: TelemetrySources;
  readonly #startedAt = performance.now();
  #incoming: IncomingTrace | null | undefined;
  #method: string | undefined;
  #event: EventStart | undefined;
  #span: StartedSpan | undefined;
  #trace: TraceInfo | null | undefined;
  #status: number | undefined;
  #error: unknown;
  #failed = false;
  #metrics: InvocationMetrics | undefined;
  #ended = false;

  constructor(owner: TelemetryOwner, sources: TelemetrySources) {
    this.#owner = owner;
    this.#sources = sources;
  }

  /** The caller's trace position (the CloudEvent's for an object event once begun). */
  incoming(): IncomingTrace | undefined {
    if (this.#incoming === undefined) this.#incoming = incomingTrace(this.#sources) ?? NONE;
    return this.#incoming ?? undefined;
  }

  /** `ctx.trace`: this invocation's span when recorded, else the caller's position. Stable identity until it changes. */
  trace(): TraceInfo | undefined {
    if (this.#trace === undefined) {
      const span = this.#span?.span.spanContext();
      const incoming = this.incoming();
      if (span) this.#trace = { traceId: span.traceId, spanId: span.spanId, sampled: (span.traceFlags & 1) === 1 };
      else this.#trace = incoming ? { traceId: incoming.traceId, spanId: incoming.spanId, sampled: incoming.sampled } : NONE;
    }
    return this.#trace ?? undefined;
  }

  /** Headers that carry this invocation's trace on an outgoing call. */
  traceHeaders(): Record<string, string> {
    return outgoingTraceHeaders(this.trace(), this.#span ? undefined : this.incoming()?.traceState, this.#span?.span);
  }

  /** `ctx.metrics`. */
  get metrics(): InvocationMetrics {
    this.#metrics ??= new InvocationMetrics(
      (message, fields) => this.#owner.log.warn(message, fields),
      (points) => emitMetrics(metricsConfig(this.#sources.cloud), this.#summary(), points, (line) => this.#writeLine(line), false),
    );
    return this.#metrics;
  }

  /** An HTTP invocation begins; starts its span when a tracer is registered. */
  beginHttp(method: string): void {
    this.#method = method;
    if (tracerRegistered()) this.#startSpan();
  }

  /** An object event's invocation begins; its CloudEvents `traceparent` extension, if any, is the parent. */
  beginEvent(event: EventStart): void {
    this.#event = event;
    if (event.traceparent) {
      // The producer's position wins over the delivery's.
      const own = incomingTrace({ cloud: this.#sources.cloud, traceparent: event.traceparent, tracestate: event.tracestate });
      if (own) this.#setIncoming(own);
    }
    if (tracerRegistered()) this.#startSpan();
  }

  /** True while an invocation span exists: only then must the handler run inside {@link run}. */
  get spanning(): boolean {
    return this.#span !== undefined;
  }

  /** Runs `work` with the invocation span active, so storage and user spans become its children. */
  run<T>(work: () => T): T {
    return this.#span ? withContext(this.#span.context, work) : work();
  }

  /** Records how the invocation answered: 5xx statuses and thrown errors count as failures. */
  noteOutcome(status: number | undefined, error?: unknown): void {
    if (status !== undefined) this.#status = status;
    if (error !== undefined) this.#error = error;
    if ((status !== undefined && status >= 500) || (status === undefined && error !== undefined)) this.#failed = true;
  }

  /**
   * Ends the invocation: ends the span, writes or records the metrics, and waits for a
   * registered SDK to export (bounded by the deadline), so nothing is left in memory
   * when the platform freezes the instance. Never rejects; returns undefined when there
   * is nothing to wait for (no SDK), so the common path costs no extra await. Later calls do nothing.
   */
  finish(): Promise<void> | undefined {
    if (this.#ended) return undefined;
    this.#end();
    return flushProviders(this.#owner.deadline);
  }

  /**
   * Ends the invocation on the next microtask, without waiting for exports: for adapters'
   * early answers, which dispose the context and then log or answer in the same tick.
   */
  finishSoon(): void {
    if (!this.#ended) queueMicrotask(() => void this.#end());
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    try {
      if (tracerRegistered() && !this.#span) this.#startSpan(true);
      if (this.#span) endInvocationSpan(this.#span.span, { status: this.#status, error: this.#error, failed: this.#failed }, this.#epoch(performance.now()));
      const config = metricsConfig(this.#sources.cloud);
      const user = this.#metrics?.take() ?? NO_POINTS;
      if (metricsDue(config, user.length, true)) emitMetrics(config, this.#summary(), user, (line) => this.#writeLine(line), true);
    } catch {
      // Telemetry must never fail an invocation.
    }
  }

  // `ending`: the adapter answered without invokeHttp / invokeObjectEvent; the span is made late, with the right start time.
  #startSpan(ending = false): void {
    if (this.#span || (this.#ended && !ending)) return;
    try {
      this.#span = startInvocationSpan(invocationSpanStart({
        sources: this.#sources, owner: this.#owner, method: this.#method, event: this.#event,
        startTime: this.#epoch(this.#startedAt), incoming: this.incoming(),
      }));
      this.#trace = undefined;
    } catch {
      this.#span = undefined;
    }
  }

  #setIncoming(incoming: IncomingTrace): void {
    this.#incoming = incoming;
    this.#trace = undefined;
  }

  #summary(): InvocationSummary {
    const now = performance.now();
    const { fn } = this.#sources;
    return {
      functionName: fn.options.name,
      trigger: fn.trigger === 'http' ? 'http' : 'datasource',
      invocationId: this.#owner.invocationId,
      coldStart: this.#owner.coldStart,
      failed: this.#failed,
      durationMs: now - this.#startedAt,
      endedAt: this.#epoch(now),
    };
  }

  // EMF lines go where the context's log lines go (the adapter's sink), else stdout.
  #writeLine(line: string): void {
    const sink = this.#sources.logSink;
    if (sink) sink(line, 'info');
    else process.stdout.write(line);
  }

  #epoch(monotonic: number): number {
    return performance.timeOrigin + monotonic;
  }
}

/** Where a context made by `createContext` keeps its telemetry. */
export const TELEMETRY: unique symbol = Symbol('faasade.telemetry');

/** The telemetry of a context made by `createContext`; undefined for any other object. */
export function telemetryOf(ctx: object): InvocationTelemetry | undefined {
  return (ctx as { [TELEMETRY]?: InvocationTelemetry })[TELEMETRY];
}
