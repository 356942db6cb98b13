import type { MeterProvider, TracerProvider } from '@opentelemetry/api';

/**
 * Whether an OpenTelemetry SDK is registered: a read of the global registry that
 * `@opentelemetry/api` 1.x keeps under `Symbol.for('opentelemetry.js.api.1')` (see
 * otel-api.ts). This is all an invocation asks when no SDK is registered, so it lives
 * apart from the span and metrics code (the bridge, loaded only once something is
 * registered); otel-api.ts reads the same registry for the bridge.
 */
const REGISTRY = Symbol.for('opentelemetry.js.api.1');

function registry(): { trace?: TracerProvider; metrics?: MeterProvider } | undefined {
  return (globalThis as { [REGISTRY]?: { trace?: TracerProvider; metrics?: MeterProvider } })[REGISTRY];
}

/** True when an SDK registered a tracer provider. */
export function tracerRegistered(): boolean {
  return registry()?.trace !== undefined;
}

/** True when an SDK registered a meter provider. */
export function meterRegistered(): boolean {
  return registry()?.metrics !== undefined;
}
