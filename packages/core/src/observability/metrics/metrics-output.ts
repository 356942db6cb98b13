import { meterProvider } from '../otel-api.js';
import { emfLines } from './emf.js';
import type { InvocationSummary, MetricsConfig } from './metrics-config.js';
import type { MetricPoint } from './metric-types.js';
import { recordOtelPoints } from './otel-metrics.js';

/**
 * Sends an invocation's user measurements where the configuration says (with faasade's own
 * invocation metrics when `withInvocation`): EMF lines through `write`, or measurements on
 * the registered OpenTelemetry meter provider (none recorded when there is none). Part of
 * the bridge: the caller has checked that something is due (`metricsDue`); the line of
 * faasade's own metrics alone is written without the bridge (invocation-emf.ts).
 */
export function emitMetrics(
  config: MetricsConfig, summary: InvocationSummary, user: readonly MetricPoint[], write: (line: string) => void, withInvocation: boolean,
): void {
  const ownMetrics = withInvocation && config.invocationMetrics;
  if (config.output === 'emf') {
    const options = { namespace: config.namespace, functionName: summary.functionName, timestamp: summary.endedAt, requestId: summary.invocationId, level: config.emfLevel };
    const points = ownMetrics ? [...invocationPoints(summary, true), ...user] : user;
    for (const line of emfLines(points, options)) write(line + '\n');
    return;
  }
  const provider = meterProvider();
  if (config.output !== 'otel' || !provider) return;
  if (ownMetrics) recordOtelPoints(provider, invocationPoints(summary, false), { 'faas.name': summary.functionName, 'faas.trigger': summary.trigger });
  recordOtelPoints(provider, user, { 'faas.name': summary.functionName });
}

// OpenTelemetry's FaaS metric names (https://opentelemetry.io/docs/specs/semconv/faas/faas-metrics/);
// durations in seconds there, in milliseconds on CloudWatch where that is the norm.
function invocationPoints(summary: InvocationSummary, emf: boolean): MetricPoint[] {
  const none = {};
  return [
    { name: 'faas.invocations', kind: 'counter', value: 1, unit: 'count', dimensions: none },
    { name: 'faas.errors', kind: 'counter', value: summary.failed ? 1 : 0, unit: 'count', dimensions: none },
    { name: 'faas.coldstarts', kind: 'counter', value: summary.coldStart ? 1 : 0, unit: 'count', dimensions: none },
    emf
      ? { name: 'faas.invoke_duration', kind: 'histogram', value: round(summary.durationMs), unit: 'milliseconds', dimensions: none }
      : { name: 'faas.invoke_duration', kind: 'histogram', value: summary.durationMs / 1000, unit: 'seconds', dimensions: none },
  ];
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
