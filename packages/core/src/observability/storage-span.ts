import type { Span, SpanKind } from '@opentelemetry/api';
import { activeContext, FLAG_SAMPLED, isValidSpanContext, SPAN_KIND, STATUS_ERROR, tracer, tracerRegistered, withContext, withSpan } from './otel-api.js';
import { TRACER_NAME } from './invocation-span.js';
import { rememberWrite } from './write-traces.js';

/** Where a storage call happens, as the span names it. */
export interface StorageCallSite {
  readonly operation: string;
  readonly bucket: string;
  readonly key?: string | undefined;
}

/** True when storage calls should be traced: a tracer provider is registered. */
export function storageTracing(): boolean {
  return tracerRegistered();
}

/**
 * Runs one storage call inside a client span named `storage <operation>`, a child of the
 * active span (the invocation's, when the handler runs under a context manager).
 * Attributes: `faasade.storage.operation`, `.bucket`, `.key`; a failure sets the error
 * status and `error.type` to the portable error code. A successful `put` is remembered
 * for local storage events (see write-traces.ts).
 */
export async function traceStorageCall<T>(site: StorageCallSite, fullKey: string | undefined, run: () => Promise<T>): Promise<T> {
  const storageTracer = tracer(TRACER_NAME);
  if (!storageTracer) return run();
  const parent = activeContext();
  const span = storageTracer.startSpan(`storage ${site.operation}`, {
    kind: SPAN_KIND.CLIENT as SpanKind,
    attributes: {
      'faasade.storage.operation': site.operation,
      'faasade.storage.bucket': site.bucket,
      ...(site.key === undefined ? {} : { 'faasade.storage.key': site.key }),
    },
  }, parent);
  try {
    const result = await withContext(withSpan(parent, span), run);
    if (site.operation === 'put' && fullKey !== undefined) remember(site.bucket, fullKey, span);
    return result;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    span.setAttribute('error.type', typeof code === 'string' ? code : 'Unknown');
    span.setStatus({ code: STATUS_ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

function remember(bucket: string, key: string, span: Span): void {
  const context = span.spanContext();
  if (span.isRecording() && isValidSpanContext(context)) {
    rememberWrite(bucket, key, { traceId: context.traceId, spanId: context.spanId, sampled: (context.traceFlags & FLAG_SAMPLED) === FLAG_SAMPLED });
  }
}
