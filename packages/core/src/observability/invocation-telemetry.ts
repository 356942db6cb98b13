import type { Cloud } from '../context/context.js';
import type { FunctionDefinition } from '../function/types.js';
import { instanceAttributes, resourceId, type Attributes } from './faas-attributes.js';
import { incomingTrace, type IncomingTrace, type TraceSources } from './incoming-trace.js';
import { endInvocationSpan, startInvocationSpan, type StartedSpan } from './invocation-span.js';
import { InvocationMetrics, type MetricWarn } from './metrics/invocation-metrics.js';
import { emitMetrics, metricsConfig } from './metrics/metrics-output.js';
import { tracerRegistered, withContext } from './otel-api.js';
import { flushProviders } from './flush.js';
import { outgoingTraceHeaders, type TraceInfo } from './trace-info.js';

/** What the telemetry of one invocation is made from (see `createContext`). */
export interface TelemetryInit {
  readonly fn: FunctionDefinition;
  readonly cloud: Cloud;
  readonly invocationId: string;
  readonly coldStart: boolean;
  readonly deadline: number;
  readonly sources: TraceSources;
  readonly resourceId: string | undefined;
  /** Where EMF lines go: the context's log sink, else stdout. */
  readonly write: (line: string) => void;
  /** The invocation logger's `warn`, for dropped metrics. */
  readonly warn: MetricWarn;
}

/** How the invocation began, for the span's name and attributes. */
export type InvocationStart =
  | { trigger: 'http'; method: string; route: string }
  | { trigger: 'datasource'; type: string; bucket: string; key: string; time: string; traceparent?: string | undefined; tracestate?: string | undefined };

const NONE = null;

/**
 * The observability of one invocation: its trace position and span, its outcome, its
 * metrics, and the flush at the end. With no OpenTelemetry SDK registered it holds a few
 * fields and never touches the API; headers are read only when a log line or a
 * recording tracer needs the trace.
 */
export class InvocationTelemetry {
  readonly #init: TelemetryInit;
  readonly #startedAt = performance.now();
  #incoming: IncomingTrace | null | undefined;
  #start: InvocationStart | undefined;
  #span: StartedSpan | undefined;
  #trace: TraceInfo | null | undefined;
  #status: number | undefined;
  #error: unknown;
  #failed = false;
  #metrics: InvocationMetrics | undefined;
  #ended = false;

  constructor(init: TelemetryInit) {
    this.#init = init;
  }

  /** The caller's trace position (the CloudEvent's for an object event once begun). */
  incoming(): IncomingTrace | undefined {
    if (this.#incoming === undefined) this.#incoming = incomingTrace(this.#init.sources) ?? NONE;
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
    this.#metrics ??= new InvocationMetrics(this.#init.warn, (points) => {
      emitMetrics(metricsConfig(this.#init.cloud), this.#summary(), points, this.#init.write, false);
    });
    return this.#metrics;
  }

  /** Marks the start of the handler's work; starts the invocation span when a tracer is registered. */
  begin(start: InvocationStart): void {
    this.#start = start;
    if (start.trigger === 'datasource' && start.traceparent) {
      // The CloudEvents traceparent extension: the producer's position wins over the delivery's.
      const own = incomingTrace({ cloud: this.#init.cloud, traceparent: start.traceparent, tracestate: start.tracestate });
      if (own) this.#setIncoming(own);
    }
    if (tracerRegistered()) this.#startSpan();
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
    return flushProviders(this.#init.deadline);
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
      emitMetrics(metricsConfig(this.#init.cloud), this.#summary(), this.#metrics?.take() ?? [], this.#init.write, true);
    } catch {
      // Telemetry must never fail an invocation.
    }
  }

  // `ending`: the adapter answered without invokeHttp / invokeObjectEvent; the span is made late, with the right start time.
  #startSpan(ending = false): void {
    if (this.#span || (this.#ended && !ending)) return;
    try {
      const init = this.#init;
      const start = this.#start;
      const trigger = start?.trigger ?? (init.fn.trigger === 'http' ? 'http' : 'datasource');
      const attributes: Attributes = {
        ...instanceAttributes(init.cloud),
        'faas.trigger': trigger,
        'faas.invocation_id': init.invocationId,
        'faas.coldstart': init.coldStart,
        'faas.name': init.fn.options.name,
      };
      const resource = resourceId(init.cloud, init.fn.options.name, init.resourceId);
      if (resource) attributes['cloud.resource_id'] = resource;
      let name = init.fn.options.name;
      if (start?.trigger === 'http') {
        attributes['http.request.method'] = start.method;
        attributes['http.route'] = start.route;
        name = `${start.method} ${start.route}`;
      } else if (start?.trigger === 'datasource') {
        attributes['faas.document.collection'] = start.bucket;
        attributes['faas.document.operation'] = start.type === 'object.deleted' ? 'delete' : 'insert';
        attributes['faas.document.name'] = start.key;
        attributes['faas.document.time'] = start.time;
        name = `${start.type} ${start.bucket}`;
      }
      this.#span = startInvocationSpan({
        name, kind: trigger === 'http' ? 'server' : 'consumer', attributes, startTime: this.#epoch(this.#startedAt), incoming: this.incoming(),
      });
      this.#trace = undefined;
    } catch {
      this.#span = undefined;
    }
  }

  #setIncoming(incoming: IncomingTrace): void {
    this.#incoming = incoming;
    this.#trace = undefined;
  }

  #summary() {
    const now = performance.now();
    return {
      functionName: this.#init.fn.options.name,
      trigger: this.#init.fn.trigger === 'http' ? 'http' as const : 'datasource' as const,
      invocationId: this.#init.invocationId,
      coldStart: this.#init.coldStart,
      failed: this.#failed,
      durationMs: now - this.#startedAt,
      endedAt: this.#epoch(now),
    };
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
