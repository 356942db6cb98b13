/**
 * How core reaches OpenTelemetry: through the global registry that `@opentelemetry/api`
 * 1.x keeps under `Symbol.for('opentelemetry.js.api.1')`, with the API's own types.
 *
 * Every copy of the API — the one the application's SDK imports, whatever its 1.x
 * version — reads and writes that one object: `setGlobalTracerProvider` puts the
 * provider at `trace`, `setGlobalContextManager` at `context`, `setGlobalMeterProvider` at
 * `metrics`, and `disable()` removes them. Reading it directly, as the API does
 * internally, means no API code in any bundle and nothing evaluated at cold start (the
 * API's module graph costs about a millisecond there; see test/bench/observability.ts),
 * while an SDK the user registers is used exactly as the API would use it. With nothing
 * registered, an invocation costs one property read.
 *
 * Part of the bridge (bridge.ts), loaded once an SDK is registered: nothing here may be
 * imported by code every cold start runs (otel-registry.ts answers "is one registered?"),
 * or bundles would split the shared module into a chunk every cold start loads.
 */
import type { Context, ContextManager, MeterProvider, Span, SpanContext, Tracer, TracerProvider } from '@opentelemetry/api';

const REGISTRY = Symbol.for('opentelemetry.js.api.1');
// The API makes context keys with Symbol.for(description), so every copy shares this one.
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

interface Registry {
  trace?: TracerProvider;
  metrics?: MeterProvider;
  context?: ContextManager;
}

function registry(): Registry | undefined {
  return (globalThis as { [REGISTRY]?: Registry })[REGISTRY];
}

/** The registered tracer provider (the API's proxy around the SDK's), if any. */
export function tracerProvider(): TracerProvider | undefined {
  return registry()?.trace;
}

/** True when an SDK registered a tracer provider. */
export function tracerRegistered(): boolean {
  return registry()?.trace !== undefined;
}

/** The registered meter provider, if any. */
export function meterProvider(): MeterProvider | undefined {
  return registry()?.metrics;
}

/** faasade's tracer from the registered provider. */
export function tracer(name: string): Tracer | undefined {
  return registry()?.trace?.getTracer(name);
}

/** The active context: the registered context manager's, else an empty root. */
export function activeContext(): Context {
  return registry()?.context?.active() ?? ROOT_CONTEXT;
}

/** Runs `work` with `context` active (only meaningful with a registered context manager, as in the API). */
export function withContext<T>(context: Context, work: () => T): T {
  const manager = registry()?.context;
  return manager ? manager.with(context, work) : work();
}

/** The span a context holds. */
export function spanOf(context: Context): Span | undefined {
  return context.getValue(SPAN_KEY) as Span | undefined;
}

/** A context holding `span`. */
export function withSpan(context: Context, span: Span): Context {
  return context.setValue(SPAN_KEY, span);
}

/** True for a span context with valid, non-zero ids (W3C's rules, as trace-parent.ts checks them). */
export function isValidSpanContext(context: SpanContext | undefined): context is SpanContext {
  return context !== undefined && VALID_TRACE_ID.test(context.traceId) && VALID_SPAN_ID.test(context.spanId);
}

// Lower-case hex of the right length with at least one non-zero digit.
const VALID_TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
const VALID_SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/;

// The API's numeric enums, spelled out so that no API code is needed at run time.
export const SPAN_KIND = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const;
export const STATUS_ERROR = 2;
export const FLAG_SAMPLED = 1;

/** An immutable context, as the API's root context is, for when no context manager is registered. */
class PlainContext implements Context {
  readonly #values: ReadonlyMap<symbol, unknown>;

  constructor(values: ReadonlyMap<symbol, unknown> = new Map()) {
    this.#values = values;
  }

  getValue(key: symbol): unknown {
    return this.#values.get(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new PlainContext(new Map(this.#values).set(key, value));
  }

  deleteValue(key: symbol): Context {
    const values = new Map(this.#values);
    values.delete(key);
    return new PlainContext(values);
  }
}

const ROOT_CONTEXT: Context = new PlainContext();

/** The empty context (what the API's `ROOT_CONTEXT` is), for context managers of our own. */
export function rootContext(): Context {
  return ROOT_CONTEXT;
}
