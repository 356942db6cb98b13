import type { MetricPoint, MetricUnit } from './metric-types.js';

/**
 * CloudWatch Embedded Metric Format: a JSON log line that CloudWatch Logs turns into
 * metrics, so a Lambda function publishes metrics without an API call or a background
 * flush that a frozen instance would never finish.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

const EMF_UNIT: Record<MetricUnit, string> = {
  count: 'Count', milliseconds: 'Milliseconds', seconds: 'Seconds', bytes: 'Bytes', percent: 'Percent', none: 'None',
};
// The specification's limits: 100 metric definitions per document, 100 values per metric.
const MAX_METRICS = 100;
const MAX_VALUES = 100;

/** What every EMF line of an invocation carries besides the metrics. */
export interface EmfOptions {
  namespace: string;
  functionName: string;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Searchable in Logs Insights beside the metrics; not a dimension. */
  requestId?: string | undefined;
  /**
   * Written as the line's `level`, so Lambda's application log-level filter (which files
   * a line without one as INFO) never drops metrics when the function logs only warnings.
   */
  level?: string | undefined;
}

interface Series {
  unit: MetricUnit;
  values: number[];
}

/** The EMF lines (no newline) for an invocation's measurements: one group per distinct dimension set. */
export function emfLines(points: readonly MetricPoint[], options: EmfOptions): string[] {
  const groups = new Map<string, { dimensions: Record<string, string>; series: Map<string, Series> }>();
  for (const point of points) {
    const names = Object.keys(point.dimensions).sort();
    const key = names.map((name) => `${name}=${point.dimensions[name]}`).join('\u0000');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { dimensions: { ...point.dimensions }, series: new Map() }));
    const series = group.series.get(point.name);
    if (!series) group.series.set(point.name, { unit: point.unit, values: [point.value] });
    else if (point.kind === 'counter') series.values[0]! += point.value;
    else series.values.push(point.value);
  }
  const lines: string[] = [];
  for (const { dimensions, series } of groups.values()) {
    // Round r carries every metric's r-th slice of 100 values, 100 metrics per line.
    const rounds = Math.max(...[...series.values()].map((s) => Math.ceil(s.values.length / MAX_VALUES)));
    for (let round = 0; round < rounds; round++) {
      const slice = [...series].filter(([, s]) => s.values.length > round * MAX_VALUES);
      for (let start = 0; start < slice.length; start += MAX_METRICS) {
        lines.push(document(slice.slice(start, start + MAX_METRICS), round, dimensions, options));
      }
    }
  }
  return lines;
}

function document(metrics: Array<[string, Series]>, round: number, dimensions: Record<string, string>, options: EmfOptions): string {
  const doc: Record<string, unknown> = {
    _aws: {
      Timestamp: Math.round(options.timestamp),
      CloudWatchMetrics: [{
        Namespace: options.namespace,
        Dimensions: [['function', ...Object.keys(dimensions)]],
        Metrics: metrics.map(([name, series]) => ({ Name: name, Unit: EMF_UNIT[series.unit] })),
      }],
    },
    function: options.functionName,
    ...dimensions,
  };
  if (options.level) doc.level = options.level;
  if (options.requestId) doc.requestId = options.requestId;
  for (const [name, series] of metrics) {
    const values = series.values.slice(round * MAX_VALUES, (round + 1) * MAX_VALUES);
    doc[name] = values.length === 1 ? values[0] : values;
  }
  return JSON.stringify(doc);
}
