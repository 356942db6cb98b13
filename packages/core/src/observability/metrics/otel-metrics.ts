import type { Counter, Histogram, Meter, MeterProvider } from '@opentelemetry/api';
import type { MetricPoint, MetricUnit } from './metric-types.js';

// UCUM units, as OpenTelemetry's semantic conventions write them.
const OTEL_UNIT: Record<MetricUnit, string> = { count: '1', milliseconds: 'ms', seconds: 's', bytes: 'By', percent: '%', none: '' };

let provider: MeterProvider | undefined;
let meter: Meter | undefined;
const instruments = new Map<string, Counter | Histogram>();

/**
 * Records measurements through the registered OpenTelemetry meter provider. Instruments
 * are created once per provider and name (creating one per call would make the SDK warn
 * about duplicates and cost an allocation each time).
 */
export function recordOtelPoints(current: MeterProvider, points: readonly MetricPoint[], common: Readonly<Record<string, string>>): void {
  if (current !== provider || !meter) {
    provider = current;
    meter = current.getMeter('@faasade/core');
    instruments.clear();
  }
  for (const point of points) {
    const key = `${point.kind}\u0000${point.name}\u0000${point.unit}`;
    let instrument = instruments.get(key);
    if (!instrument) {
      const options = { unit: OTEL_UNIT[point.unit] };
      instrument = point.kind === 'counter' ? meter.createCounter(point.name, options) : meter.createHistogram(point.name, options);
      instruments.set(key, instrument);
    }
    const attributes = { ...common, ...point.dimensions };
    if (point.kind === 'counter') (instrument as Counter).add(point.value, attributes);
    else (instrument as Histogram).record(point.value, attributes);
  }
}
