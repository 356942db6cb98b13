/** Units a metric can be recorded in; each cloud's own spelling is chosen on output. */
export type MetricUnit = 'count' | 'milliseconds' | 'seconds' | 'bytes' | 'percent' | 'none';

/**
 * Dimensions (attributes) of one measurement: names as metric names, values non-empty
 * strings of at most 1024 characters. Each distinct set is its own time series (and, on
 * CloudWatch, its own billed metric), so keep values few: a status, never a user id.
 */
export type MetricDimensions = Readonly<Record<string, string>>;

/**
 * User metrics of one invocation, as `ctx.metrics`. On AWS Lambda they are written as
 * CloudWatch Embedded Metric Format lines before the invocation returns (no API calls);
 * elsewhere they go to the OpenTelemetry meter provider the application registered
 * (nothing is recorded when none is). Names follow OpenTelemetry's instrument rule,
 * `^[A-Za-z][A-Za-z0-9_./-]{0,254}$`, which CloudWatch also accepts; a measurement with an
 * invalid name, dimension or value is dropped with one warning per name.
 *
 * @example
 * ctx.metrics.count('thumbnails.created');
 * ctx.metrics.record('thumbnail.bytes', output.byteLength, 'bytes', { format: 'webp' });
 */
export interface Metrics {
  /** Adds `value` (default 1, must be ≥ 0) to the counter `name`. */
  count(name: string, value?: number, dimensions?: MetricDimensions): void;
  /** Records one value of a distribution, such as a latency or a size. */
  record(name: string, value: number, unit?: MetricUnit, dimensions?: MetricDimensions): void;
}

/** One measurement as buffered until the invocation ends. */
export interface MetricPoint {
  readonly name: string;
  readonly kind: 'counter' | 'histogram';
  readonly value: number;
  readonly unit: MetricUnit;
  readonly dimensions: MetricDimensions;
}
