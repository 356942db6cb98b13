import { firstWarning, metricProblem } from './metric-checks.js';
import type { MetricDimensions, MetricPoint, Metrics, MetricUnit } from './metric-types.js';

/** Where an invocation's metrics warnings go (its logger's `warn`). */
export type MetricWarn = (message: string, fields: Record<string, unknown>) => void;

// Past this many buffered measurements the buffer is handed on early, so a loop that
// records in every iteration cannot grow one invocation's memory without bound.
const FLUSH_AT = 1000;
const NO_DIMENSIONS: MetricDimensions = Object.freeze({});

/**
 * `ctx.metrics`: checks each measurement and buffers it until the invocation ends, when
 * it leaves as EMF lines or OpenTelemetry measurements (see metrics-output.ts). Never
 * throws: a bad measurement is dropped with one warning per metric name.
 */
export class InvocationMetrics implements Metrics {
  #points: MetricPoint[] = [];
  readonly #warn: MetricWarn;
  readonly #spill: (points: MetricPoint[]) => void;

  /** `spill` takes the buffer when it is full, before the invocation ends. */
  constructor(warn: MetricWarn, spill: (points: MetricPoint[]) => void) {
    this.#warn = warn;
    this.#spill = spill;
  }

  count(name: string, value: number = 1, dimensions?: MetricDimensions): void {
    this.#add(name, 'counter', value, 'count', dimensions);
  }

  record(name: string, value: number, unit: MetricUnit = 'none', dimensions?: MetricDimensions): void {
    this.#add(name, 'histogram', value, unit, dimensions);
  }

  /** The measurements buffered so far; empties the buffer. */
  take(): MetricPoint[] {
    const points = this.#points;
    this.#points = [];
    return points;
  }

  #add(name: string, kind: MetricPoint['kind'], value: number, unit: MetricUnit, dimensions: MetricDimensions | undefined): void {
    try {
      const problem = metricProblem(name, value, unit, dimensions, kind === 'counter');
      if (problem !== undefined) {
        if (firstWarning(name)) this.#warn('metric dropped', { metric: typeof name === 'string' ? name.slice(0, 300) : typeof name, reason: problem });
        return;
      }
      // Copied: the caller may reuse or change its object before the invocation ends.
      this.#points.push({ name, kind, value, unit, dimensions: dimensions ? { ...dimensions } : NO_DIMENSIONS });
      if (this.#points.length >= FLUSH_AT) this.#spill(this.take());
    } catch {
      // A hostile dimensions object (a throwing getter, a revoked proxy): drop the measurement.
    }
  }
}
