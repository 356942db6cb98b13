import { xrayTraceId } from '../observability/platform-trace.js';
import type { LogLevel } from './log-config.js';

/**
 * How a line is spelled for the log system that reads it. Every format carries the same
 * portable fields — lower-case `level`, `message`, `invocationId`, `function`, `cloud`,
 * `coldStart`, `traceId`, `spanId` — so one query works on every cloud; each adds what its
 * cloud's tools read:
 * - `json` (local, Azure — whose sink hands the level to the host): `time`;
 * - `aws`: Lambda's JSON log format — `timestamp` (RFC 3339) and `requestId`; Lambda's
 *   log-level filter reads `level` in either case. Plus `xrayTraceId`, the form X-Ray's
 *   console searches logs for;
 * - `gcp`: Cloud Logging's special fields — `time`, `severity`, and
 *   `logging.googleapis.com/trace` / `spanId` / `trace_sampled`, which link the entry to
 *   its trace in Cloud Trace (https://cloud.google.com/logging/docs/structured-logging).
 */
export type LogFormat = 'json' | 'aws' | 'gcp';

/** The trace position a line belongs to. */
export interface LogTrace {
  readonly traceId: string;
  readonly spanId?: string | undefined;
  readonly sampled: boolean;
}

const GCP_SEVERITY: Readonly<Record<LogLevel, string>> = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' };

/** The keys every line starts with, which caller fields may not replace. */
export function entryKeys(format: LogFormat): ReadonlySet<string> {
  const keys = ['level', 'message', 'traceId', 'spanId'];
  if (format === 'aws') keys.push('timestamp', 'xrayTraceId');
  else keys.push('time');
  if (format === 'gcp') {
    keys.push('severity', 'stack_trace', 'logging.googleapis.com/trace', 'logging.googleapis.com/spanId', 'logging.googleapis.com/trace_sampled');
  }
  return new Set(keys);
}

/** `{"time":…,"level":…` — the opening of a line, before the message. */
export function lineHead(format: LogFormat, level: LogLevel, time: string): string {
  if (format === 'aws') return `{"timestamp":"${time}","level":"${level}"`;
  if (format === 'gcp') return `{"time":"${time}","severity":"${GCP_SEVERITY[level]}","level":"${level}"`;
  return `{"time":"${time}","level":"${level}"`;
}

/** The base fields a line carries in this format: Lambda also names the invocation id `requestId`. */
export function formatBaseFields(format: LogFormat, fields: Record<string, unknown>): Record<string, unknown> {
  if (format !== 'aws' || fields.invocationId === undefined || 'requestId' in fields) return fields;
  return { ...fields, requestId: fields.invocationId };
}

/** `,"traceId":…` — the trace fields of a line, already JSON. */
export function traceFragment(format: LogFormat, trace: LogTrace, gcpProject: string | undefined): string {
  const portable = `,"traceId":"${trace.traceId}"${trace.spanId ? `,"spanId":"${trace.spanId}"` : ''}`;
  if (format === 'gcp') {
    if (!gcpProject) return portable;
    return `${portable},"logging.googleapis.com/trace":${JSON.stringify(`projects/${gcpProject}/traces/${trace.traceId}`)}`
      + (trace.spanId ? `,"logging.googleapis.com/spanId":"${trace.spanId}"` : '')
      + `,"logging.googleapis.com/trace_sampled":${trace.sampled}`;
  }
  return format === 'aws' ? `${portable},"xrayTraceId":"${xrayTraceId(trace.traceId)}"` : portable;
}

/** The Google Cloud project log lines name traces in: `GOOGLE_CLOUD_PROJECT`, else `GCP_PROJECT`. */
export function gcpProjectFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const project = (env.GOOGLE_CLOUD_PROJECT ?? env.GCP_PROJECT)?.trim();
  // Project ids are 6–30 lower-case letters, digits and hyphens; anything else would break the resource name.
  return project && /^[a-z][a-z0-9-]{4,61}[a-z0-9]$/.test(project) ? project : undefined;
}
