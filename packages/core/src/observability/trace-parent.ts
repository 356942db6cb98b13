/**
 * A position in a distributed trace, as W3C Trace Context carries it: the trace, the
 * span that is the parent of what comes next, and whether the caller sampled it.
 */
export interface TraceParent {
  /** 32 lower-case hex characters, not all zero. */
  readonly traceId: string;
  /** 16 lower-case hex characters, not all zero. */
  readonly spanId: string;
  /** The caller recorded this trace (the `sampled` flag). */
  readonly sampled: boolean;
  /** The `tracestate` header that travelled with it, when valid. */
  readonly traceState?: string;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
// version-traceid-parentid-flags; a later version may append more fields after a dash.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
// tracestate: at most 32 comma-separated key=value members of printable ASCII, 512 chars in all.
const TRACESTATE = /^[\x20-\x7e]{0,512}$/;

/** True for a valid, non-zero W3C trace id. */
export function isTraceId(value: unknown): value is string {
  return typeof value === 'string' && TRACE_ID.test(value) && value !== ZERO_TRACE;
}

/** True for a valid, non-zero W3C span (parent) id. */
export function isSpanId(value: unknown): value is string {
  return typeof value === 'string' && SPAN_ID.test(value) && value !== ZERO_SPAN;
}

/**
 * Reads a W3C `traceparent` header (https://www.w3.org/TR/trace-context/#traceparent-header).
 * Undefined for anything malformed: version `ff`, zero ids, upper-case hex, extra fields
 * on version 00. Never throws: the header comes from whoever called the function.
 */
export function parseTraceparent(value: unknown, tracestate?: unknown): TraceParent | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  const sampled = (parseInt(flags, 16) & 1) === 1;
  const state = typeof tracestate === 'string' && tracestate !== '' && TRACESTATE.test(tracestate) ? tracestate : undefined;
  return state === undefined ? { traceId, spanId, sampled } : { traceId, spanId, sampled, traceState: state };
}

/** The `traceparent` header value (version 00) for a position in a trace. */
export function formatTraceparent(parent: Pick<TraceParent, 'traceId' | 'spanId' | 'sampled'>): string {
  return `00-${parent.traceId}-${parent.spanId}-${parent.sampled ? '01' : '00'}`;
}
