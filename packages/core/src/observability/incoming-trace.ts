import type { Cloud } from '../context/context.js';
import { parseCloudTraceContext, parseXRayHeader } from './platform-trace.js';
import { parseTraceparent, type TraceParent } from './trace-parent.js';

/** Where an invocation's incoming trace context can be read; see `ContextInit`. */
export interface TraceSources {
  readonly cloud: Cloud;
  /** A W3C `traceparent` handed over outside headers (Azure's trace context, a CloudEvent extension). */
  readonly traceparent?: string | undefined;
  readonly tracestate?: string | undefined;
  /** Reads one request header by lower-case name. */
  readonly traceHeader?: ((name: string) => string | undefined) | undefined;
}

/** Which propagation format an incoming trace came in. */
export type TraceFormat = 'w3c' | 'cloud-trace' | 'xray';

/** An incoming trace position and the format it came in. */
export interface IncomingTrace extends TraceParent {
  readonly format: TraceFormat;
}

/**
 * The caller's trace position, from the first source that holds a valid one:
 * 1. a W3C trace context the platform handed over (`traceparent` in the init);
 * 2. the `traceparent` / `tracestate` request headers — what faasade's own outgoing
 *    calls send, so a chain of faasade functions stays one trace on any cloud;
 * 3. Google's `X-Cloud-Trace-Context` header;
 * 4. the `X-Amzn-Trace-Id` header;
 * 5. on AWS, Lambda's `_X_AMZN_TRACE_ID` variable (set per invocation, for every trigger).
 * Malformed values are skipped, never thrown: they come from whoever called.
 */
export function incomingTrace(sources: TraceSources, env: Readonly<Record<string, string | undefined>> = process.env): IncomingTrace | undefined {
  const given = parseTraceparent(sources.traceparent, sources.tracestate);
  if (given) return { ...given, format: 'w3c' };
  const header = sources.traceHeader;
  if (header) {
    const w3c = parseTraceparent(read(header, 'traceparent'), read(header, 'tracestate'));
    if (w3c) return { ...w3c, format: 'w3c' };
    const google = parseCloudTraceContext(read(header, 'x-cloud-trace-context'));
    if (google) return { ...google, format: 'cloud-trace' };
    const amazon = parseXRayHeader(read(header, 'x-amzn-trace-id'));
    if (amazon) return { ...amazon, format: 'xray' };
  }
  if (sources.cloud === 'aws') {
    const lambda = parseXRayHeader(env._X_AMZN_TRACE_ID);
    if (lambda) return { ...lambda, format: 'xray' };
  }
  return undefined;
}

function read(header: (name: string) => string | undefined, name: string): string | undefined {
  try {
    const value: unknown = header(name);
    if (typeof value === 'string') return value;
    // Node joins nothing for unknown repeated headers in some shapes: take the first.
    return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
  } catch {
    return undefined;
  }
}
