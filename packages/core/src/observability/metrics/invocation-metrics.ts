import type { MetricDimensions, Metrics, MetricUnit } from './metric-types.js';

/** One call of `ctx.metrics`, as made: checked later, by the bridge (metric-checks.ts). */
export interface RecordedMetric {
  readonly name: unknown;
  readonly kind: 'counter' | 'histogram';
  readonly value: unknown;
  readonly unit: unknown;
  readonly dimensions: unknown;
}

// Past this many buffered measurements the buffer is handed on early, so a loop that
// records in every iteration cannot grow one invocation's memory without bound.
const FLUSH_AT = 1000;

/**
 * `ctx.metrics`: buffers each measurement as made until the invocation ends, when the
 * bridge checks them (a bad one is dropped with one warning per metric name) and writes
 * them as EMF lines or OpenTelemetry measurements (metrics-output.ts). This part stays
 * small because every context may create it; the first measurement starts loading the
 * bridge. Never throws.
 */
export class InvocationMetrics implements Metrics {
  #recorded: RecordedMetric[] = [];
  readonly #spill: (recorded: RecordedMetric[]) => boolean;

  /**
   * `spill` is offered the buffer once it is full, before the invocation ends; it answers
   * false when it cannot take it yet (the bridge is still loading), and is asked again.
   */
  constructor(spill: (recorded: RecordedMetric[]) => boolean) {
    this.#spill = spill;
  }

  count(name: string, value: number = 1, dimensions?: MetricDimensions): void {
    this.#add(name, 'counter', value, 'count', dimensions);
  }

  record(name: string, value: number, unit: MetricUnit = 'none', dimensions?: MetricDimensions): void {
    this.#add(name, 'histogram', value, unit, dimensions);
  }

  /** How many measurements are buffered. */
  get size(): number {
    return this.#recorded.length;
  }

  /** The measurements buffered so far; empties the buffer. */
  take(): RecordedMetric[] {
    const recorded = this.#recorded;
    this.#recorded = [];
    return recorded;
  }

  #add(name: unknown, kind: RecordedMetric['kind'], value: unknown, unit: unknown, dimensions: unknown): void {
    try {
      // Copied: the caller may reuse or change its object before the invocation ends.
      const copy = typeof dimensions === 'object' && dimensions !== null && !Array.isArray(dimensions) ? { ...dimensions } : dimensions;
      this.#recorded.push({ name, kind, value, unit, dimensions: copy });
      if (this.#recorded.length >= FLUSH_AT && this.#spill(this.#recorded)) this.#recorded = [];
    } catch {
      // A hostile dimensions object (a throwing getter, a revoked proxy): drop the measurement.
    }
  }
}
