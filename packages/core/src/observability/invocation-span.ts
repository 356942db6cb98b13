import type { Context as OtelContext, Span, SpanKind } from '@opentelemetry/api';
import { activeContext, isValidSpanContext, SPAN_KIND, spanOf, STATUS_ERROR, tracer, withSpan } from './otel-api.js';
import { instanceAttributes, resourceId, type Attributes } from './faas-attributes.js';
import type { EventStart, TelemetryOwner, TelemetrySources } from './telemetry-sources.js';
import type { IncomingTrace } from './incoming-trace.js';
import { remoteParentSpan } from './remote-parent.js';

/** The tracer name faasade's spans carry (the instrumentation scope). */
export const TRACER_NAME = '@faasade/core';

/** What an invocation span starts with. */
export interface InvocationSpanStart {
  readonly name: string;
  readonly kind: 'server' | 'consumer';
  readonly attributes: Attributes;
  /** Epoch milliseconds (fractional) when the invocation began. */
  readonly startTime: number;
  /** The caller's position, when one came in. */
  readonly incoming: IncomingTrace | undefined;
}

/** What an invocation knows when its span starts. */
export interface InvocationFacts {
  readonly sources: TelemetrySources;
  readonly owner: TelemetryOwner;
  /** The HTTP method, for an HTTP invocation that reached `invokeHttp`. */
  readonly method: string | undefined;
  /** The object event, for an object invocation that reached `invokeObjectEvent`. */
  readonly event: EventStart | undefined;
  readonly startTime: number;
  readonly incoming: IncomingTrace | undefined;
}

/**
 * Name, kind and attributes of an invocation span, by OpenTelemetry's FaaS conventions:
 * `GET /route` server spans for HTTP, `object.created <bucket>` consumer spans for object
 * events (with `faas.document.*`), `faas.*` and the instance's `cloud.*` on both.
 */
export function invocationSpanStart(facts: InvocationFacts): InvocationSpanStart {
  const { fn, cloud } = facts.sources;
  const name = fn.options.name;
  const http = fn.trigger === 'http';
  const attributes: Attributes = {
    ...instanceAttributes(cloud),
    'faas.trigger': http ? 'http' : 'datasource',
    'faas.invocation_id': facts.owner.invocationId,
    'faas.coldstart': facts.owner.coldStart,
    'faas.name': name,
  };
  const resource = resourceId(cloud, name, facts.sources.resourceId, facts.sources.platformContext);
  if (resource) attributes['cloud.resource_id'] = resource;
  let spanName = name;
  const event = facts.event;
  if (http && facts.method !== undefined) {
    attributes['http.request.method'] = facts.method;
    attributes['http.route'] = fn.options.route;
    spanName = `${facts.method} ${fn.options.route}`;
  } else if (event) {
    attributes['faas.document.collection'] = event.data.bucket;
    attributes['faas.document.operation'] = event.type === 'object.deleted' ? 'delete' : 'insert';
    attributes['faas.document.name'] = event.data.key;
    attributes['faas.document.time'] = event.time;
    spanName = `${event.type} ${event.data.bucket}`;
  }
  return { name: spanName, kind: http ? 'server' : 'consumer', attributes, startTime: facts.startTime, incoming: facts.incoming };
}

/** A started span and the OpenTelemetry context in which it is the active span. */
export interface StartedSpan {
  readonly span: Span;
  readonly context: OtelContext;
}

/**
 * Starts the span of one invocation, or returns undefined when no tracer is registered.
 * Its parent is the span already active (an instrumentation such as the Lambda layer's
 * or the HTTP server's wrapped the handler), else the incoming trace position from the
 * platform, else none (a new trace).
 */
export function startInvocationSpan(start: InvocationSpanStart): StartedSpan | undefined {
  const faasTracer = tracer(TRACER_NAME);
  if (!faasTracer) return undefined;
  const active = activeContext();
  let parent = active;
  if (!isValidSpanContext(spanOf(active)?.spanContext())) {
    const incoming = start.incoming;
    if (incoming && shouldParentOn(incoming)) parent = withSpan(active, remoteParentSpan(incoming));
  }
  const span = faasTracer.startSpan(start.name, {
    kind: (start.kind === 'server' ? SPAN_KIND.SERVER : SPAN_KIND.CONSUMER) as SpanKind,
    attributes: start.attributes,
    startTime: start.startTime,
  }, parent);
  return { span, context: withSpan(parent, span) };
}

/** Ends an invocation span with its outcome: an HTTP status, an error, or success. */
export function endInvocationSpan(span: Span, outcome: { status?: number | undefined; error?: unknown; failed: boolean }, endTime: number): void {
  if (outcome.status !== undefined) span.setAttribute('http.response.status_code', outcome.status);
  if (outcome.failed) {
    const error = outcome.error;
    if (error instanceof Error) {
      span.recordException(error);
      span.setAttribute('error.type', error.name || 'Error');
    } else if (outcome.status !== undefined) {
      span.setAttribute('error.type', String(outcome.status));
    }
    span.setStatus({ code: STATUS_ERROR, ...(error instanceof Error ? { message: error.message } : {}) });
  }
  span.end(endTime);
}

/**
 * Whether a span should be the child of this incoming position. An X-Ray header that is
 * not sampled is not followed: Lambda sets one even when X-Ray tracing is off, and a
 * parent-based sampler would then drop every span the user's SDK makes.
 */
export function shouldParentOn(incoming: IncomingTrace): boolean {
  return incoming.format !== 'xray' || incoming.sampled;
}
