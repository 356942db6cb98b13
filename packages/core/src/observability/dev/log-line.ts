import type { LogLevel } from '../../log/log-config.js';

/** A log line read back, whatever cloud spelling it was written in. */
export interface LogRecord {
  readonly time: string | undefined;
  readonly level: LogLevel;
  readonly message: string;
  readonly invocationId: string | undefined;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  /** The caller's fields (and any other field the line carries beyond the ones above). */
  readonly fields: Readonly<Record<string, unknown>>;
}

const SEVERITY: Readonly<Record<string, LogLevel>> = { DEBUG: 'debug', INFO: 'info', NOTICE: 'info', WARNING: 'warn', ERROR: 'error', CRITICAL: 'error' };
const LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'error']);
// Keys every line carries; what remains are the caller's fields.
const ENTRY_KEYS: ReadonlySet<string> = new Set([
  'time', 'timestamp', 'level', 'severity', 'message', 'invocationId', 'requestId', 'function', 'cloud', 'coldStart',
  'traceId', 'spanId', 'xrayTraceId', 'stack_trace',
  'logging.googleapis.com/trace', 'logging.googleapis.com/spanId', 'logging.googleapis.com/trace_sampled',
]);

/**
 * Reads one line a faasade logger wrote (any of its formats) back into a record, for
 * tools that print logs for people (`faasade dev`). Undefined for anything else: text,
 * JSON that is not a log entry, a CloudWatch EMF metrics line.
 */
export function parseLogLine(line: string): LogRecord | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || '_aws' in entry) return undefined;
  const record = entry as Record<string, unknown>;
  const level = typeof record.level === 'string' && LEVELS.has(record.level.toLowerCase())
    ? (record.level.toLowerCase() as LogLevel)
    : SEVERITY[String(record.severity)];
  if (level === undefined || typeof record.message !== 'string') return undefined;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (!ENTRY_KEYS.has(key)) fields[key] = record[key];
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    time: text(record.time) ?? text(record.timestamp),
    level,
    message: record.message,
    invocationId: text(record.invocationId) ?? text(record.requestId),
    traceId: text(record.traceId),
    spanId: text(record.spanId),
    fields,
  };
}
