import type { Logger } from '../log/logger.js';
import type { Metrics } from '../observability/metrics/metric-types.js';
import type { TraceInfo } from '../observability/trace-info.js';

/** Where a function is running. */
export type Cloud = 'aws' | 'azure' | 'gcp' | 'local';

/**
 * The platform's own view of the invocation, for what the neutral model does not carry.
 * `event` and `context` are the raw objects the platform passed in (a Lambda event and
 * context, an Azure `HttpRequest` and `InvocationContext`, an Express request and
 * response). Each adapter exports a typed accessor (for example `awsPlatform(ctx)`), so
 * the neutral API names no cloud SDK type.
 */
export interface PlatformInfo {
  readonly cloud: Cloud;
  readonly event: unknown;
  readonly context: unknown;
}

/**
 * What a handler knows about its invocation. The same on every cloud; created by the
 * adapter for each invocation.
 */
export interface Context {
  /** The platform's request id (Lambda `awsRequestId`, Azure `invocationId`, GCP `Function-Execution-Id` or trace id, else a UUID). */
  readonly invocationId: string;
  /** The declared function name. */
  readonly functionName: string;
  /** The cloud the function runs on. */
  readonly cloud: Cloud;
  /** When the platform stops the invocation, in milliseconds since the epoch. */
  readonly deadline: number;
  /** Milliseconds left before {@link Context.deadline} (never negative). */
  remainingMs(): number;
  /**
   * Aborts shortly before the deadline (10% of the time budget, at most 500 ms early) so
   * work can stop cleanly and report instead of being killed. Pass it to `fetch` and
   * storage calls. The timer is only armed when this is first read.
   */
  readonly signal: AbortSignal;
  /** True on the first invocation of this function in this instance (process). */
  readonly coldStart: boolean;
  /** Structured logger carrying this invocation's fields. */
  readonly log: Logger;
  /** The raw platform objects: the escape hatch. */
  readonly platform: PlatformInfo;
  /**
   * This invocation's place in a distributed trace: its span when an OpenTelemetry SDK
   * records, else the caller's position (W3C `traceparent`, X-Ray, `X-Cloud-Trace-Context`,
   * Azure's trace context); undefined when neither is known. Every log line carries it.
   */
  readonly trace: TraceInfo | undefined;
  /**
   * Headers that make an outgoing HTTP call part of this trace — `traceparent` and, when
   * there is one, `tracestate` — or `{}` without a trace. See also `withTraceHeaders`.
   *
   * @example
   * await fetch(url, { headers: { ...ctx.traceHeaders(), accept: 'application/json' } });
   */
  traceHeaders(): Record<string, string>;
  /** Counters and distributions of this invocation (CloudWatch EMF on Lambda, OpenTelemetry elsewhere). */
  readonly metrics: Metrics;
}
