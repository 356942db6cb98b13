import { BatchedWriter, type InvocationReport, type LogLine, type Reporter } from './reporter.js';

/** Fields every faasade log entry carries; the invocation line already says them. */
const CONTEXT_FIELDS = new Set(['time', 'level', 'message', 'function', 'invocationId', 'cloud', 'coldStart', 'traceId', 'spanId']);

interface Style {
  dim(text: string): string;
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
}

const PLAIN: Style = { dim: (t) => t, ok: (t) => t, bad: (t) => t, warn: (t) => t };
const ANSI: Style = {
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  ok: (t) => `\x1b[32m${t}\x1b[39m`,
  bad: (t) => `\x1b[31m${t}\x1b[39m`,
  warn: (t) => `\x1b[33m${t}\x1b[39m`,
};

/** Options of {@link textReporter}. */
export interface TextReporterOptions {
  out?: (text: string) => void;
  err?: (text: string) => void;
  color?: boolean;
}

/**
 * Output for people: one line per invocation —
 * `hello  GET /hello?name=Ada → 200  1.4 ms  cold (init 38 ms)` — with the function's own
 * log lines beneath it, level and message first and the other fields as `name=value`.
 * Problems go to stderr as one `faasade: … [Code]` line.
 */
export function textReporter(options: TextReporterOptions = {}): Reporter {
  const out = new BatchedWriter(options.out);
  const err = options.err ?? ((text: string) => process.stderr.write(text));
  const color = options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
  const style = color ? ANSI : PLAIN;
  const logLine = (line: LogLine, indent: string): string => `${indent}${renderLog(line, style)}\n`;
  return {
    invocation(report) {
      out.push(invocationLine(report, style));
      for (const line of report.logs) out.push(logLine(line, '    '));
      if (report.trace) for (const line of report.trace) out.push(`    ${style.dim(line)}\n`);
    },
    notice: (message) => out.push(`${message}\n`),
    problem(code, message) {
      out.flush();
      err(`faasade: ${message} ${style.dim(`[${code}]`)}\n`);
    },
    log: (functionName, line) => out.push(logLine(line, `  ${style.dim(functionName)} `)),
    flush: () => out.flush(),
  };
}

/** The invocation's line, with its newline. */
function invocationLine(report: InvocationReport, style: Style): string {
  const status = typeof report.status === 'number'
    ? (report.status >= 500 ? style.bad : report.status >= 400 ? style.warn : style.ok)(String(report.status))
    : report.status === 'failed' ? style.bad('failed') : report.status === 'ok' ? style.ok('ok') : style.dim(report.status);
  const temperature = report.coldStart ? `cold${report.initMs === undefined ? '' : ` (init ${formatMs(report.initMs)})`}` : 'warm';
  let line = `${report.function}  ${report.subject} → ${status}  ${formatMs(report.durationMs)}  ${temperature}`;
  if (report.attempt !== undefined && report.attempt > 1) line += `  attempt ${report.attempt}`;
  if (report.status === 'failed') line += report.retryInMs === undefined ? style.bad('  gave up') : `  retry in ${formatMs(report.retryInMs)}`;
  return `${line}\n`;
}

/** `info  greeting  name=Ada`, or the raw text when the line is not a JSON entry. */
export function renderLog({ line, level }: LogLine, style: Style = PLAIN): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${level.padEnd(5)}  ${line.trimEnd()}`;
  }
  const fields = Object.entries(entry)
    .filter(([name]) => !CONTEXT_FIELDS.has(name))
    .map(([name, value]) => `${name}=${renderValue(value)}`);
  const paint = level === 'error' ? style.bad : level === 'warn' ? style.warn : style.dim;
  return `${paint(level.padEnd(5))}  ${String(entry.message ?? '')}${fields.length ? `  ${style.dim(fields.join(' '))}` : ''}`;
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (value !== null && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
    // A serialised error: its message and where it was thrown, not the whole stack.
    const error = value as { name?: string; message: string; stack?: string };
    const at = error.stack?.split('\n').find((l) => l.trim().startsWith('at '))?.trim();
    return JSON.stringify(`${error.name ?? 'Error'}: ${error.message}${at ? ` (${at})` : ''}`);
  }
  return JSON.stringify(value);
}

/** `0.8 ms`, `12 ms`, `1.2 s`. */
export function formatMs(ms: number): string {
  if (ms < 10) {
    // toFixed(1) with integers: this runs once per request.
    const tenths = Math.round(ms * 10);
    return `${Math.trunc(tenths / 10)}.${tenths % 10} ms`;
  }
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
