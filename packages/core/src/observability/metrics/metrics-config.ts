import type { Cloud } from '../../context/context.js';
import { meterRegistered } from '../otel-registry.js';

/** Where metrics go: `FAASADE_METRICS` (`emf`, `otel`, `off`); EMF on AWS, OpenTelemetry elsewhere. */
export interface MetricsConfig {
  readonly output: 'emf' | 'otel' | 'off';
  /** faasade's own per-invocation metrics (see {@link invocationMetricsWanted}). */
  readonly invocationMetrics: boolean;
  /** CloudWatch namespace, `FAASADE_METRICS_NAMESPACE` (default `faasade`). */
  readonly namespace: string;
  readonly emfLevel: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;
const configs = new Map<Cloud, MetricsConfig>();

/** The metrics configuration, read from the environment once per process (it is fixed for an instance). */
export function metricsConfig(cloud: Cloud, given?: Env): MetricsConfig {
  let config = configs.get(cloud);
  if (!config) {
    // Read only now: this runs per invocation, and the global `process` is a getter.
    const env = given ?? process.env;
    const chosen = env.FAASADE_METRICS?.trim().toLowerCase();
    const output = chosen === 'emf' || chosen === 'otel' || chosen === 'off' ? chosen : cloud === 'aws' ? 'emf' : 'otel';
    config = {
      output,
      invocationMetrics: invocationMetricsWanted(output, env),
      namespace: env.FAASADE_METRICS_NAMESPACE?.trim() || 'faasade',
      emfLevel: env.AWS_LAMBDA_LOG_LEVEL?.trim().toUpperCase() || undefined,
    };
    configs.set(cloud, config);
  }
  return config;
}

/**
 * Whether faasade writes its own invocation metrics: `FAASADE_INVOCATION_METRICS=on|off`
 * decides; by default yes for OpenTelemetry (nothing is recorded without a registered
 * meter provider) and, for EMF, when the process really is a Lambda function
 * (`AWS_LAMBDA_FUNCTION_NAME` is set), so a handler called in a test or a script does not
 * interleave metric lines with its output.
 */
function invocationMetricsWanted(output: MetricsConfig['output'], env: Env): boolean {
  const chosen = env.FAASADE_INVOCATION_METRICS?.trim().toLowerCase();
  if (chosen === 'on' || chosen === 'off') return chosen === 'on';
  return output === 'otel' || (output === 'emf' && Boolean(env.AWS_LAMBDA_FUNCTION_NAME));
}

/** What faasade measures of every invocation. */
export interface InvocationSummary {
  readonly functionName: string;
  readonly trigger: 'http' | 'datasource';
  readonly invocationId: string;
  readonly coldStart: boolean;
  readonly failed: boolean;
  readonly durationMs: number;
  /** Epoch milliseconds at the end. */
  readonly endedAt: number;
}

/**
 * Whether there is anything to send — checked before a summary or a point is built, so an
 * invocation with nothing to record (OpenTelemetry output and no meter provider, the
 * common case off Lambda) costs a property read.
 */
export function metricsDue(config: MetricsConfig, userCount: number, withInvocation: boolean): boolean {
  if (config.output === 'off') return false;
  if (userCount === 0 && !(withInvocation && config.invocationMetrics)) return false;
  return config.output === 'emf' || meterRegistered();
}
