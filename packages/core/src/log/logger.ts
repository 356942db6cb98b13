import { LEVEL_RANK, levelFromEnv, redactedFromEnv, redactionSet, type LogLevel } from './log-config.js';
import { entryKeys, formatBaseFields, gcpProjectFromEnv, lineHead, traceFragment, type LogFormat, type LogTrace } from './log-format.js';
import { JsonWriter } from './json-writer.js';

export type { LogLevel } from './log-config.js';
export { levelFromEnv } from './log-config.js';
export type { LogFormat, LogTrace } from './log-format.js';

/** Fields attached to a log entry: anything JSON can show (errors are expanded). */
export type LogFields = Record<string, unknown>;

/**
 * The structured logger handlers get as `ctx.log`: one JSON object per line, carrying the
 * invocation's id, function, cloud, cold-start flag and trace ids beside the caller's
 * fields, spelled the way the cloud's log tools read them. Never throws: a field that
 * cannot be shown is replaced by a description, and secrets named in `LOG_REDACT` (and
 * authorization and cookie headers) are replaced by `[REDACTED]` before anything is written.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  /** Logs an error entry; pass the error as `fields.error` to get its stack and cause. */
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry. */
  child(fields: LogFields): Logger;
}

/** Where log lines go: one call per complete line, newline included, with the entry's level. */
export type LogSink = (line: string, level: LogLevel) => void;

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Lowest level written; default from `LOG_LEVEL` (see {@link levelFromEnv}). */
  level?: LogLevel;
  /** Fields on every entry. */
  fields?: LogFields;
  /** Default: `process.stdout.write`. */
  sink?: LogSink;
  /** Line spelling; default from `fields.cloud` (`aws`, `gcp`), else `json`. */
  format?: LogFormat;
  /** Field names to redact besides the defaults; default from `LOG_REDACT`. */
  redact?: readonly string[];
  /** The trace position of each line, asked per line (a span may start after the logger). */
  trace?: () => LogTrace | undefined;
}

const stdoutSink: LogSink = (line) => {
  process.stdout.write(line);
};

// What a logger and its children share.
interface LoggerCore {
  readonly threshold: number;
  readonly format: LogFormat;
  readonly sink: LogSink;
  readonly redact: ReadonlySet<string>;
  readonly trace: (() => LogTrace | undefined) | undefined;
  readonly project: string | undefined;
  readonly entryKeys: ReadonlySet<string>;
  lastTrace?: LogTrace;
  lastTraceFragment?: string;
}

/** A logger writing one JSON line per entry to stdout (or `sink`). */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const fields = options.fields ?? {};
  const cloud = fields.cloud;
  const format = options.format ?? (cloud === 'aws' || cloud === 'gcp' ? cloud : 'json');
  const core: LoggerCore = {
    threshold: LEVEL_RANK[options.level ?? levelFromEnv()],
    format,
    sink: options.sink ?? stdoutSink,
    redact: options.redact ? redactionSet(options.redact) : redactedFromEnv(),
    trace: options.trace,
    project: format === 'gcp' ? gcpProjectFromEnv() : undefined,
    entryKeys: entryKeys(format),
  };
  return new JsonLogger(core, formatBaseFields(format, fields));
}

class JsonLogger implements Logger {
  readonly #core: LoggerCore;
  readonly #fields: LogFields;
  // The base fields, serialised once per logger rather than once per line.
  readonly #fragment: string;

  constructor(core: LoggerCore, fields: LogFields) {
    this.#core = core;
    this.#fields = fields;
    const writer = new JsonWriter(core.redact);
    writer.fields(fields, this.#rename);
    this.#fragment = writer.out;
  }

  debug(message: string, fields?: LogFields): void {
    this.#write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.#write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.#write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.#write('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.#core, formatBaseFields(this.#core.format, { ...this.#fields, ...fields }));
  }

  #write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    const core = this.#core;
    if (LEVEL_RANK[level] < core.threshold) return;
    let line: string;
    try {
      const writer = new JsonWriter(core.redact);
      writer.out = lineHead(core.format, level, new Date().toISOString()) + ',"message":';
      writer.string(typeof message === 'string' ? message : String(message));
      if (fields === undefined) {
        writer.out += this.#fragment + this.#traceFragment();
      } else if (this.#overridesBase(fields)) {
        // A caller field that repeats a base field wins, as in an object spread.
        writer.fields({ ...this.#fields, ...fields }, this.#rename);
        writer.out += this.#traceFragment();
      } else {
        writer.out += this.#fragment + this.#traceFragment();
        writer.fields(fields, this.#rename);
      }
      if (fields) this.#errorReporting(writer, level, fields);
      line = writer.out + '}\n';
    } catch (error) {
      line = fallbackLine(level, error);
    }
    try {
      core.sink(line, level);
    } catch {
      // A closed stream or a failing host context: logging must never fail the invocation.
    }
  }

  // No field replaces the line's own keys (time, level, message, trace ids): such a field is written as `_key`.
  readonly #rename = (key: string): string | undefined => (this.#core.entryKeys.has(key) ? `_${key}` : undefined);

  #overridesBase(fields: LogFields): boolean {
    for (const key in fields) if (key in this.#fields && fields[key] !== undefined) return true;
    return false;
  }

  // Cloud Error Reporting picks up entries whose `stack_trace` holds a stack.
  #errorReporting(writer: JsonWriter, level: LogLevel, fields: LogFields): void {
    const error = fields.error;
    if (this.#core.format === 'gcp' && level === 'error' && error instanceof Error && typeof error.stack === 'string') {
      writer.out += ',"stack_trace":';
      writer.string(error.stack);
    }
  }

  #traceFragment(): string {
    const core = this.#core;
    const trace = core.trace?.();
    if (!trace) return '';
    if (trace !== core.lastTrace) {
      core.lastTrace = trace;
      core.lastTraceFragment = traceFragment(core.format, trace, core.project);
    }
    return core.lastTraceFragment!;
  }
}

function fallbackLine(level: LogLevel, error: unknown): string {
  let reason: string;
  try {
    reason = String(error);
  } catch {
    reason = 'unknown';
  }
  return JSON.stringify({ time: new Date().toISOString(), level, message: 'log entry could not be serialised', reason }) + '\n';
}

/**
 * JSON.stringify that never throws: errors become `{name, message, stack, cause}`,
 * cycles become "[Circular]", bigints become strings; sizes are bounded and
 * authorization and cookie fields redacted, as in log lines.
 */
export function safeStringify(value: unknown): string {
  const writer = new JsonWriter(redactedFromEnv());
  writer.value(value, 0);
  return writer.out;
}
