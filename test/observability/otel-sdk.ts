/**
 * The OpenTelemetry SDK set up the way an application would (what the Lambda layer or
 * NodeSDK do): a tracer provider with an in-memory exporter, an AsyncLocalStorage context
 * manager, and optionally a meter provider. Registered through the API, as users do;
 * faasade itself only ever sees the global registry.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, ParentBasedSampler, AlwaysOnSampler, SimpleSpanProcessor, type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

export interface InstalledSdk {
  readonly spans: InMemorySpanExporter;
  readonly metrics: InMemoryMetricExporter;
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  uninstall(): Promise<void>;
}

/**
 * Installs the SDK. `batch`: spans wait in a batch processor that never exports on its
 * own (an hour's delay), and metrics in a reader that exports once an hour, so only a
 * `forceFlush` — what faasade does before an invocation returns — gets them out.
 */
export function installSdk(options: { batch?: boolean } = {}): InstalledSdk {
  const spans = new InMemorySpanExporter();
  const processor = options.batch
    ? new BatchSpanProcessor(spans, { scheduledDelayMillis: 3_600_000, maxExportBatchSize: 10_000, maxQueueSize: 10_000 })
    : new SimpleSpanProcessor(spans);
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [processor], sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }) });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans, metrics: metricExporter, tracerProvider, meterProvider,
    async uninstall() {
      trace.disable();
      metrics.disable();
      context.disable();
      contextManager.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** A span's parent span id (the SDK 2 API names the parent's context). */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The data points of one metric in the latest export (cumulative: it holds the totals so far). */
export function exportedPoints(exporter: InMemoryMetricExporter, name: string): Array<{ value: unknown; attributes: Record<string, unknown> }> {
  const points: Array<{ value: unknown; attributes: Record<string, unknown> }> = [];
  for (const resource of exporter.getMetrics().slice(-1)) {
    for (const scope of resource.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name !== name) continue;
        for (const point of metric.dataPoints) points.push({ value: point.value, attributes: point.attributes as Record<string, unknown> });
      }
    }
  }
  return points;
}
