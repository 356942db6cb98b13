/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields attached to a log entry: anything JSON can show (errors are expanded). */
export type LogFields = Record<string, unknown>;

/**
 * The structured logger handlers get as `ctx.log`: one JSON object per line, carrying the
 * invocation's id, function, cloud and cold-start flag beside the caller's fields.
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

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Reads `LOG_LEVEL` (debug, info, warn, error; default info), ignoring unknown values. */
export function levelFromEnv(env: Record<string, string | undefined> = process.env): LogLevel {
  const value = env.LOG_LEVEL?.toLowerCase();
  return value !== undefined && value in LEVEL_RANK ? (value as LogLevel) : 'info';
}

const stdoutSink: LogSink = (line) => {
  process.stdout.write(line);
};

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  level?: LogLevel;
  fields?: LogFields;
  sink?: LogSink;
}

/** A logger writing one JSON line per entry to stdout (or `sink`). */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = LEVEL_RANK[options.level ?? levelFromEnv()];
  const base = options.fields ?? {};
  const sink = options.sink ?? stdoutSink;
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVEL_RANK[level] < threshold) return;
    const entry = { time: new Date().toISOString(), level, message, ...base, ...fields };
    sink(safeStringify(entry) + '\n', level);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createJsonLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/**
 * JSON.stringify that never throws: errors become `{name, message, stack, cause}`,
 * cycles become "[Circular]", bigints become strings.
 */
export function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return serializeError(v);
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    });
  } catch (error) {
    return JSON.stringify({ level: 'error', message: 'log entry could not be serialised', reason: String(error) });
  }
}

function serializeError(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (error.cause !== undefined) out.cause = error.cause;
  return out;
}
