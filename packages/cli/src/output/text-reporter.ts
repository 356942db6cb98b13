import { BatchedWriter, utf8, type InvocationReport, type LogLine, type Reporter } from './reporter.js';

const NO_LOGS: readonly LogLine[] = Object.freeze([]);

/** Fields every faasade log entry carries; the invocation line already says them. */
const CONTEXT_FIELDS = new Set(['time', 'level', 'message', 'function', 'invocationId', 'cloud', 'coldStart', 'traceId', 'spanId']);

/** The escape codes around a coloured text; empty for plain output. */
type Paint = readonly [open: string, close: string];

interface Style {
  dim: Paint;
  ok: Paint;
  bad: Paint;
  warn: Paint;
}

const NONE: Paint = ['', ''];
const PLAIN: Style = { dim: NONE, ok: NONE, bad: NONE, warn: NONE };
const ANSI: Style = {
  dim: ['\x1b[2m', '\x1b[22m'],
  ok: ['\x1b[32m', '\x1b[39m'],
  bad: ['\x1b[31m', '\x1b[39m'],
  warn: ['\x1b[33m', '\x1b[39m'],
};

function paint([open, close]: Paint, text: string): string {
  return open + text + close;
}

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
  const head = new LineHead();
  const invocation = (report: InvocationReport): void => {
    writeInvocationLine(out, report, style, head);
    // Indexed: an iterator per loop is an allocation per request.
    const { logs, trace } = report;
    for (let i = 0; i < logs.length; i++) out.push(logLine(logs[i]!, '    '));
    if (trace) for (let i = 0; i < trace.length; i++) out.push(`    ${paint(style.dim, trace[i]!)}\n`);
  };
  return {
    invocation,
    httpInvocation(fn, invocationId, method, target, status, durationMs) {
      // Most lines under load repeat the last one's start: its bytes are copied, no report made.
      const line = head.repeatedHttpLine(fn, method, target, status, style, durationMs);
      if (line === undefined) {
        return invocation({ function: fn, invocationId, trigger: 'http', subject: `${method} ${target}`, method, target, status, durationMs, coldStart: false, logs: NO_LOGS });
      }
      writeWhole(out, line);
    },
    notice: (message) => out.push(`${message}\n`),
    problem(code, message) {
      out.flush();
      err(`faasade: ${message} ${paint(style.dim, `[${code}]`)}\n`);
    },
    log: (functionName, line) => out.push(logLine(line, `  ${paint(style.dim, functionName)} `)),
    flush: () => out.flush(),
  };
}

/** Room for the parts of an invocation line other than its name, subject and tail: separators, status, colour codes, durations. */
const LINE_EXTRA_UNITS = 96;
// The line's fixed pieces, encoded once.
const GAP = utf8('  ');
const SPACE = utf8(' ');
const ARROW = utf8(' → ');
const WARM = utf8('warm');
const COLD = utf8('cold');
const INIT = utf8(' (init ');
const CLOSE = utf8(')');
const NEWLINE = utf8('\n');
const DOT = utf8('.');
const MS = utf8(' ms');

/**
 * The start of the last invocation line written, up to its duration: the strings it was
 * made of and, once a second line starts the same way, its bytes
 * (`hello  GET /hello?name=Ada → 200  `) and the whole warm lines made from them. Under
 * load most lines start the same way and end in one of a few durations, and copying bytes
 * costs less than encoding the characters again; lines that all differ cost nothing extra.
 */
class LineHead {
  function = '';
  method: string | undefined;
  target: string | undefined;
  subject = '';
  status: InvocationReport['status'] = 0;
  style: Style = PLAIN;
  /** The encoded start, kept from the second line that has it (empty until then). */
  bytes: Uint8Array = NOT_KEPT;
  /** Whole warm lines with this start, by duration in tenths of a millisecond (0.0 to 9.9 ms). */
  #warmLines: Array<Uint8Array | undefined> | undefined;

  matches(report: InvocationReport, style: Style): boolean {
    return report.status === this.status && report.function === this.function && style === this.style
      && (report.target !== undefined ? report.target === this.target && report.method === this.method : this.target === undefined && report.subject === this.subject);
  }

  remember(report: InvocationReport, style: Style): void {
    this.function = report.function;
    this.method = report.method;
    this.target = report.target;
    this.subject = report.subject;
    this.status = report.status;
    this.style = style;
    this.bytes = NOT_KEPT;
    this.#warmLines = undefined;
  }

  /**
   * The whole line of a warm HTTP invocation that logged nothing, when it starts as the
   * last two did and took under 10 ms; else undefined (the line is written the long way).
   */
  repeatedHttpLine(fn: string, method: string, target: string, status: number, style: Style, durationMs: number): Uint8Array | undefined {
    if (this.bytes === NOT_KEPT || target !== this.target || method !== this.method || fn !== this.function || status !== this.status || style !== this.style) return undefined;
    return this.warmLine(durationMs);
  }

  /**
   * The whole line of a warm invocation with the kept start (`bytes`, not {@link NOT_KEPT})
   * that took `durationMs`, made once per tenth of a millisecond; undefined from 10 ms on.
   */
  warmLine(durationMs: number): Uint8Array | undefined {
    const tenths = Math.round(durationMs * 10);
    if (!(tenths >= 0 && tenths < WARM_LINE_TENTHS)) return undefined;
    const start = this.bytes;
    const lines = (this.#warmLines ??= new Array<Uint8Array | undefined>(WARM_LINE_TENTHS));
    let line = lines[tenths];
    if (line === undefined) {
      const end = utf8(`${formatMs(tenths / 10)}  warm\n`);
      line = new Uint8Array(start.length + end.length);
      line.set(start);
      line.set(end, start.length);
      lines[tenths] = line;
    }
    return line;
  }
}

const NOT_KEPT = new Uint8Array(0);

/** Warm lines are kept whole for durations below this many tenths of a millisecond (under 10 ms, written `9.9 ms`). */
const WARM_LINE_TENTHS = 100;

/** Lines longer than this are written without remembering their start. */
const MAX_HEAD_BYTES = 512;

/**
 * The invocation's line, with its newline, written into the output in pieces (a line per
 * request under load: joining it into a string first cost more than the writing):
 * `hello  GET /hello?name=Ada → 200  1.4 ms  cold (init 38 ms)`.
 */
function writeInvocationLine(out: BatchedWriter, report: InvocationReport, style: Style, head: LineHead): void {
  const tail = after(report, style);
  const sameStart = head.matches(report, style);
  const start = head.bytes;
  if (sameStart && start !== NOT_KEPT) {
    const line = !report.coldStart && tail === '' ? head.warmLine(report.durationMs) : undefined;
    if (line !== undefined) return writeWhole(out, line);
    out.reserve(start.length + tail.length + LINE_EXTRA_UNITS);
    out.appendBytes(start);
  } else {
    const { method, target } = report;
    const subjectUnits = method !== undefined && target !== undefined ? method.length + 1 + target.length : report.subject.length;
    out.reserve(report.function.length + subjectUnits + tail.length + LINE_EXTRA_UNITS);
    const mark = out.mark();
    out.append(report.function);
    out.appendBytes(GAP);
    if (method !== undefined && target !== undefined) {
      out.append(method);
      out.appendBytes(SPACE);
      out.append(target);
    } else {
      out.append(report.subject);
    }
    out.appendBytes(ARROW);
    const [open, close] = statusPaint(report.status, style);
    out.append(open);
    if (typeof report.status === 'number') out.appendInteger(report.status);
    else out.append(report.status);
    out.append(close);
    out.appendBytes(GAP);
    // A start seen twice in a row is kept as bytes; any other is remembered by its strings only.
    if (!sameStart) head.remember(report, style);
    else if (out.mark() - mark <= MAX_HEAD_BYTES) head.bytes = out.copySince(mark);
  }
  appendMs(out, report.durationMs);
  out.appendBytes(GAP);
  if (!report.coldStart) {
    out.appendBytes(WARM);
  } else {
    out.appendBytes(COLD);
    if (report.initMs !== undefined) {
      out.appendBytes(INIT);
      appendMs(out, report.initMs);
      out.appendBytes(CLOSE);
    }
  }
  if (tail !== '') out.append(tail);
  out.appendBytes(NEWLINE);
  out.commit();
}

/** A line already encoded whole. */
function writeWhole(out: BatchedWriter, line: Uint8Array): void {
  out.reserve(line.length);
  out.appendBytes(line);
  out.commit();
}

function statusPaint(status: InvocationReport['status'], style: Style): Paint {
  if (typeof status === 'number') return status >= 500 ? style.bad : status >= 400 ? style.warn : style.ok;
  return status === 'failed' ? style.bad : status === 'ok' ? style.ok : style.dim;
}

/** What follows an event delivery's line: its attempt, and whether it is retried. */
function after(report: InvocationReport, style: Style): string {
  let text = report.attempt !== undefined && report.attempt > 1 ? `  attempt ${report.attempt}` : '';
  if (report.status === 'failed') text += report.retryInMs === undefined ? paint(style.bad, '  gave up') : `  retry in ${formatMs(report.retryInMs)}`;
  return text;
}

/** {@link formatMs} written in pieces: no string for the common durations. */
function appendMs(out: BatchedWriter, ms: number): void {
  if (!(ms >= 0 && ms < 1000)) return out.append(formatMs(ms));
  if (ms < 10) {
    const tenths = Math.round(ms * 10);
    out.appendInteger(Math.trunc(tenths / 10));
    out.appendBytes(DOT);
    out.appendInteger(tenths % 10);
  } else {
    out.appendInteger(Math.round(ms));
  }
  out.appendBytes(MS);
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
  const levelPaint = level === 'error' ? style.bad : level === 'warn' ? style.warn : style.dim;
  return `${paint(levelPaint, level.padEnd(5))}  ${String(entry.message ?? '')}${fields.length ? `  ${paint(style.dim, fields.join(' '))}` : ''}`;
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
