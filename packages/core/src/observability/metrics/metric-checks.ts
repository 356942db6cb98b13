import type { RecordedMetric } from './invocation-metrics.js';
import type { MetricDimensions, MetricPoint, MetricUnit } from './metric-types.js';

// OpenTelemetry's instrument-name rule; CloudWatch accepts every name it allows.
const NAME = /^[A-Za-z][A-Za-z0-9_./-]{0,254}$/;
// CloudWatch: at most 30 dimensions per metric; one is the function's own.
const MAX_DIMENSIONS = 29;
const MAX_DIMENSION_VALUE = 1024;
const UNITS: ReadonlySet<string> = new Set<MetricUnit>(['count', 'milliseconds', 'seconds', 'bytes', 'percent', 'none']);
/** Dimension names faasade sets itself. */
export const RESERVED_DIMENSIONS: ReadonlySet<string> = new Set(['function']);
// Top-level keys of an EMF line besides the metrics: a metric of that name would collide.
const RESERVED_NAMES: ReadonlySet<string> = new Set(['function', 'requestId', 'level']);

/** Why a measurement was refused, or undefined when it is fine. */
export function metricProblem(name: unknown, value: unknown, unit: unknown, dimensions: unknown, counter: boolean): string | undefined {
  if (typeof name !== 'string' || !NAME.test(name)) return 'the name must match ^[A-Za-z][A-Za-z0-9_./-]{0,254}$';
  if (RESERVED_NAMES.has(name)) return `"${name}" is a field faasade writes beside the metrics`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'the value must be a finite number';
  if (counter && value < 0) return 'a counter only grows: the value must be 0 or more';
  if (typeof unit !== 'string' || !UNITS.has(unit)) return `the unit must be one of ${[...UNITS].join(', ')}`;
  if (dimensions === undefined) return undefined;
  if (typeof dimensions !== 'object' || dimensions === null || Array.isArray(dimensions)) return 'dimensions must be an object of strings';
  const names = Object.keys(dimensions);
  if (names.length > MAX_DIMENSIONS) return `at most ${MAX_DIMENSIONS} dimensions`;
  for (const key of names) {
    if (!NAME.test(key)) return `dimension name ${JSON.stringify(key.slice(0, 64))} must match the metric name rule`;
    if (RESERVED_DIMENSIONS.has(key)) return `dimension "${key}" is set by faasade`;
    if (key === name) return 'a dimension cannot have the metric\'s own name';
    const text = (dimensions as MetricDimensions)[key];
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_DIMENSION_VALUE) {
      return `dimension "${key}" must be a non-blank string of at most ${MAX_DIMENSION_VALUE} characters`;
    }
  }
  return undefined;
}

const warned = new Set<string>();
const MAX_WARNED = 256;

/**
 * True the first time a problem with this metric name is seen in this process: a loop
 * recording a bad metric logs one warning, not one per call.
 */
export function firstWarning(name: unknown): boolean {
  const key = typeof name === 'string' ? name.slice(0, 300) : `<${typeof name}>`;
  if (warned.has(key) || warned.size >= MAX_WARNED) return false;
  warned.add(key);
  return true;
}

const NO_DIMENSIONS: MetricDimensions = Object.freeze({});

/**
 * The measurements that pass {@link metricProblem}, in order; each refused metric name is
 * reported once through `warn` (`metric dropped`, with the name and the reason).
 */
export function checkedPoints(recorded: readonly RecordedMetric[], warn: (message: string, fields: Record<string, unknown>) => void): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const { name, kind, value, unit, dimensions } of recorded) {
    try {
      const problem = metricProblem(name, value, unit, dimensions, kind === 'counter');
      if (problem !== undefined) {
        if (firstWarning(name)) warn('metric dropped', { metric: typeof name === 'string' ? name.slice(0, 300) : typeof name, reason: problem });
        continue;
      }
      points.push({ name: name as string, kind, value: value as number, unit: unit as MetricUnit, dimensions: (dimensions as MetricDimensions | undefined) ?? NO_DIMENSIONS });
    } catch {
      // A hostile dimensions object that survived the copy: drop the measurement.
    }
  }
  return points;
}
