import { loadBridge, loadedBridge, type Bridge } from './bridge-loader.js';
import { incomingTrace, type IncomingTrace } from './incoming-trace.js';
import type { StartedSpan } from './invocation-span.js';
import { invocationEmfLine } from './metrics/invocation-emf.js';
import { InvocationMetrics, type RecordedMetric } from './metrics/invocation-metrics.js';
import { metricsConfig, metricsDue, type InvocationSummary, type MetricsConfig } from './metrics/metrics-config.js';
import type { MetricPoint } from './metrics/metric-types.js';
import { meterRegistered, tracerRegistered } from './otel-registry.js';
import type { TraceInfo } from './trace-info.js';
import { formatTraceparent } from './trace-parent.js';
import type { EventStart, TelemetryOwner, TelemetrySources } from './telemetry-sources.js';

export type { EventStart, TelemetryOwner, TelemetrySources } from './telemetry-sources.js';

const NONE = null;
const NO_POINTS: readonly MetricPoint[] = Object.freeze([]);

/**
 * The observability of one invocation: its trace position and span, its outcome, its
 * metrics, and the flush at the end. With no OpenTelemetry SDK registered and no user
 * metrics it holds a few fields, never touches the API and never loads the bridge
 * (bridge.ts: spans, SDK flushes, user metrics), so it costs next to nothing at cold
 * start and per invocation; headers are read only when a log line or a recording tracer
 * needs the trace. On Lambda it writes faasade's own EMF line itself.
 */
export class InvocationTelemetry {
  readonly #owner: TelemetryOwner;
  readonly #sources: TelemetrySources;
  readonly #startedAt: number;
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

  /** `startedAt`: when the invocation started (`performance.now()`), when that was before now. */
  constructor(owner: TelemetryOwner, sources: TelemetrySources, startedAt = performance.now()) {
    this.#owner = owner;
    this.#sources = sources;
    this.#startedAt = startedAt;
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

  /**
   * The W3C headers for an outgoing call: the active OpenTelemetry span when it belongs to
   * this invocation's trace (a storage or user span inside the handler), else the
   * invocation span, or with no tracer the caller's position passed through unchanged,
   * so a chain of functions stays one trace even when no SDK is registered anywhere.
   */
  traceHeaders(): Record<string, string> {
    let position = this.trace();
    let state = this.#span ? undefined : this.incoming()?.traceState;
    const active = this.#span ? loadedBridge()?.activeSpanPosition(position) : undefined;
    if (active) ({ position, state } = active);
    if (!position) return {};
    const headers: Record<string, string> = { traceparent: formatTraceparent(position) };
    if (state) headers.tracestate = state;
    return headers;
  }

  /** `ctx.metrics`; its first use starts loading the bridge, which checks and writes the measurements. */
  get metrics(): InvocationMetrics {
    if (!this.#metrics) {
      this.#metrics = new InvocationMetrics((recorded) => this.#spill(recorded));
      loadBridge().catch(() => undefined);
    }
    return this.#metrics;
  }

  /**
   * An HTTP invocation begins; starts its span when a tracer is registered. Returns a
   * promise only while the bridge is loading for the first traced invocation: await it
   * before running the handler, so the handler runs inside the span.
   */
  beginHttp(method: string): Promise<void> | undefined {
    this.#method = method;
    return this.#begin();
  }

  /** An object event's invocation begins; its CloudEvents `traceparent` extension, if any, is the parent. As {@link beginHttp}. */
  beginEvent(event: EventStart): Promise<void> | undefined {
    this.#event = event;
    if (event.traceparent) {
      // The producer's position wins over the delivery's.
      const own = incomingTrace({ cloud: this.#sources.cloud, traceparent: event.traceparent, tracestate: event.tracestate });
      if (own) this.#setIncoming(own);
    }
    return this.#begin();
  }

  /** True while an invocation span exists: only then must the handler run inside {@link run}. */
  get spanning(): boolean {
    return this.#span !== undefined;
  }

  /** Runs `work` with the invocation span active, so storage and user spans become its children. */
  run<T>(work: () => T): T {
    const bridge = loadedBridge();
    return this.#span && bridge ? bridge.withContext(this.#span.context, work) : work();
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
   * is nothing to wait for (no SDK, no user metrics), so the common path costs no extra
   * await. Later calls do nothing.
   */
  finish(): Promise<void> | undefined {
    if (this.#ended) return undefined;
    this.#ended = true;
    return this.#conclude(true);
  }

  /**
   * Ends the invocation on the next microtask, without waiting for exports: for adapters'
   * early answers, which dispose the context and then log or answer in the same tick.
   */
  finishSoon(): void {
    if (this.#ended) return;
    this.#ended = true;
    queueMicrotask(() => void this.#conclude(false));
  }

  // Ends the invocation's telemetry, with the bridge when it is needed (loading it first);
  // `flush` returns the SDKs' flush for finish() to await.
  #conclude(flush: boolean): Promise<void> | undefined {
    if (!this.#needsBridge()) return this.#end(undefined);
    const end = (bridge: Bridge): Promise<void> | undefined => {
      this.#end(bridge);
      return flush ? bridge.flushProviders(this.#owner.deadline) : undefined;
    };
    const bridge = loadedBridge();
    return bridge ? end(bridge) : loadBridge().then(end, () => this.#end(undefined));
  }

  // The bridge is needed for spans, an SDK's metrics and flush, and user metrics.
  #needsBridge(): boolean {
    return this.#span !== undefined || (this.#metrics?.size ?? 0) > 0 || tracerRegistered() || meterRegistered();
  }

  #begin(): Promise<void> | undefined {
    if (!tracerRegistered()) return undefined;
    const bridge = loadedBridge();
    if (bridge) {
      this.#startSpan(bridge);
      return undefined;
    }
    return loadBridge().then((loaded) => this.#startSpan(loaded), () => undefined);
  }

  #end(bridge: Bridge | undefined): undefined {
    try {
      if (bridge && tracerRegistered() && !this.#span) this.#startSpan(bridge, true);
      if (bridge && this.#span) bridge.endInvocationSpan(this.#span.span, { status: this.#status, error: this.#error, failed: this.#failed }, this.#epoch(performance.now()));
      const recorded = this.#metrics?.take();
      const user = bridge && recorded?.length ? bridge.checkedPoints(recorded, this.#warn) : NO_POINTS;
      this.#emit(bridge, metricsConfig(this.#sources.cloud), user, true);
    } catch {
      // Telemetry must never fail an invocation.
    }
    return undefined;
  }

  // Measurements handed on before the end (a full buffer); false until the bridge is loaded.
  #spill(recorded: RecordedMetric[]): boolean {
    const bridge = loadedBridge();
    if (!bridge) return false;
    try {
      this.#emit(bridge, metricsConfig(this.#sources.cloud), bridge.checkedPoints(recorded, this.#warn), false);
    } catch {
      // Telemetry must never fail an invocation.
    }
    return true;
  }

  #emit(bridge: Bridge | undefined, config: MetricsConfig, user: readonly MetricPoint[], withInvocation: boolean): void {
    if (!metricsDue(config, user.length, withInvocation)) return;
    const summary = this.#summary();
    if (user.length === 0 && config.output === 'emf') {
      // faasade's own line alone, the one every Lambda invocation writes: no bridge needed.
      const options = { namespace: config.namespace, functionName: summary.functionName, timestamp: summary.endedAt, requestId: summary.invocationId, level: config.emfLevel };
      this.#writeLine(invocationEmfLine(options, summary) + '\n');
    } else {
      bridge?.emitMetrics(config, summary, user, (line) => this.#writeLine(line), withInvocation);
    }
  }

  readonly #warn = (message: string, fields: Record<string, unknown>): void => this.#owner.log.warn(message, fields);

  // `ending`: the adapter answered without invokeHttp / invokeObjectEvent; the span is made late, with the right start time.
  #startSpan(bridge: Bridge, ending = false): void {
    if (this.#span || (this.#ended && !ending)) return;
    try {
      this.#span = bridge.startInvocationSpan(bridge.invocationSpanStart({
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

/**
 * How a context made by `createContext` hands out its telemetry: a method taking whether
 * to make it when there is none yet.
 */
export const TELEMETRY: unique symbol = Symbol('faasade.telemetry');

/**
 * The telemetry of a context made by `createContext` (undefined for any other object).
 * With `make` false, only one that exists: a context makes its telemetry up front only
 * when something records every invocation (see {@link recordsEveryInvocation}), else on
 * first need (the trace for a log line, `ctx.metrics`), so an invocation nothing
 * observes costs no telemetry at all.
 */
export function telemetryOf(ctx: object, make = true): InvocationTelemetry | undefined {
  return (ctx as { [TELEMETRY]?: (make: boolean) => InvocationTelemetry | undefined })[TELEMETRY]?.(make);
}

/** True when every invocation on `cloud` is recorded: a registered tracer, or faasade's own invocation metrics. */
export function recordsEveryInvocation(cloud: TelemetrySources['cloud']): boolean {
  return tracerRegistered() || metricsDue(metricsConfig(cloud), 0, true);
}
