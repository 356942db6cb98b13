import type { Span, SpanKind } from '@opentelemetry/api';
import { activeContext, FLAG_SAMPLED, isValidSpanContext, SPAN_KIND, STATUS_ERROR, tracer, withContext, withSpan } from './otel-api.js';
import { TRACER_NAME } from './invocation-span.js';
import type { StorageCallSite } from './storage-span.js';
import type { TraceParent } from './trace-parent.js';

/**
 * Runs one storage call inside a client span named `storage <operation>`, a child of the
 * active span (the invocation's, when the handler runs under a context manager).
 * Attributes: `faasade.storage.operation`, `.bucket`, `.key`; a failure sets the error
 * status and `error.type` to the portable error code. A successful `put` in a recording
 * span is reported to `written` (storage-span.ts remembers it for local storage events:
 * see write-traces.ts). Part of the bridge: storage-span.ts loads it when a tracer is registered.
 */
export async function traceStorageCall<T>(site: StorageCallSite, run: () => Promise<T>, written: (position: TraceParent) => void): Promise<T> {
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
    if (site.operation === 'put') remember(span, written);
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

function remember(span: Span, written: (position: TraceParent) => void): void {
  const context = span.spanContext();
  if (span.isRecording() && isValidSpanContext(context)) {
    written({ traceId: context.traceId, spanId: context.spanId, sampled: (context.traceFlags & FLAG_SAMPLED) === FLAG_SAMPLED });
  }
}
