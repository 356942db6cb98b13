import { isSpanId, isTraceId, type TraceParent } from './trace-parent.js';

/**
 * Trace headers of the clouds' own tracers, turned into W3C terms. Both carry the same
 * 128-bit trace id and 64-bit span id as W3C, only spelled differently, so a trace that
 * started in X-Ray or Cloud Trace continues without a break.
 */

// Root=1-<8 hex epoch>-<24 hex>;Parent=<16 hex>;Sampled=0|1|?  (fields in any order)
const XRAY_ROOT = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/;

/**
 * Reads an AWS X-Ray trace header (`X-Amzn-Trace-Id`, or Lambda's `_X_AMZN_TRACE_ID`).
 * The span id is the `Parent` field; without one there is nothing to be a child of.
 * See https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
export function parseXRayHeader(value: unknown): TraceParent | undefined {
  if (typeof value !== 'string' || value.length > 1024) return undefined;
  let root: string | undefined;
  let parent: string | undefined;
  let sampled = false;
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const field = part.slice(eq + 1).trim();
    if (key === 'root') root = field.toLowerCase();
    else if (key === 'parent') parent = field.toLowerCase();
    else if (key === 'sampled') sampled = field === '1';
  }
  const match = root === undefined ? null : XRAY_ROOT.exec(root);
  if (!match) return undefined;
  const traceId = match[1]! + match[2]!;
  if (!isTraceId(traceId) || !isSpanId(parent)) return undefined;
  return { traceId, spanId: parent, sampled };
}

/** The X-Ray spelling of a W3C trace id (`1-5759e988-bd862e3fe1be46a994272793`), which X-Ray's console searches logs for. */
export function xrayTraceId(traceId: string): string {
  return `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
}

// TRACE_ID/SPAN_ID;o=OPTIONS, SPAN_ID decimal (an unsigned 64-bit integer), o=1 when traced.
const CLOUD_TRACE = /^([0-9a-fA-F]{32})(?:\/(\d{1,20}))?(?:;o=([0-9]+))?$/;
const MAX_U64 = (1n << 64n) - 1n;

/**
 * Reads Google's `X-Cloud-Trace-Context` header.
 * See https://cloud.google.com/trace/docs/trace-context#legacy-http-header
 */
export function parseCloudTraceContext(value: unknown): TraceParent | undefined {
  if (typeof value !== 'string' || value.length > 128) return undefined;
  const match = CLOUD_TRACE.exec(value.trim());
  if (!match || match[2] === undefined) return undefined;
  const traceId = match[1]!.toLowerCase();
  const decimal = BigInt(match[2]);
  if (decimal > MAX_U64) return undefined;
  const spanId = decimal.toString(16).padStart(16, '0');
  if (!isTraceId(traceId) || !isSpanId(spanId)) return undefined;
  return { traceId, spanId, sampled: match[3] !== undefined && (Number(match[3]) & 1) === 1 };
}
