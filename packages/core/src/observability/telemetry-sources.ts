import type { Cloud } from '../context/context.js';
import type { FunctionDefinition } from '../function/types.js';
import type { LogSink } from '../log/logger.js';

/** The context a telemetry belongs to; its fields are read when needed, never copied. */
export interface TelemetryOwner {
  readonly invocationId: string;
  readonly coldStart: boolean;
  readonly deadline: number;
  readonly log: { warn(message: string, fields: Record<string, unknown>): void };
}

/** What the adapter passed to `createContext` that telemetry reads (a `ContextInit`). */
export interface TelemetrySources {
  readonly fn: FunctionDefinition;
  readonly cloud: Cloud;
  readonly traceparent?: string | undefined;
  readonly tracestate?: string | undefined;
  readonly traceHeader?: ((name: string) => string | undefined) | undefined;
  readonly resourceId?: string | undefined;
  readonly logSink?: LogSink | undefined;
  readonly platformContext?: unknown;
}

/** The parts of an object event the invocation span describes. */
export interface EventStart {
  readonly type: string;
  readonly time: string;
  readonly data: { readonly bucket: string; readonly key: string };
  readonly traceparent?: string | undefined;
  readonly tracestate?: string | undefined;
}
