import { safeStringify } from '@faasade/core/adapter';
import { BatchedWriter, type InvocationReport, type LogLine, type Reporter } from './reporter.js';

/**
 * `--json`: one JSON object per line on stdout, each with a `kind` — `invocation`, `log`
 * (a function's own entry, its fields kept), `notice` or `error` (with `code`).
 */
export function jsonReporter(write?: (text: string) => void): Reporter {
  const out = new BatchedWriter(write);
  const emit = (record: Record<string, unknown>): void => out.push(safeStringify(record) + '\n');
  const emitLog = (functionName: string, { line, level }: LogLine): void => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      entry = { level, message: line.trimEnd() };
    }
    const record: Record<string, unknown> = { kind: 'log', function: functionName, ...entry };
    // The entry's own fields are kept, but `kind` says what the line is.
    record.kind = 'log';
    emit(record);
  };
  return {
    invocation(report: InvocationReport) {
      const { logs, ...fields } = report;
      for (const line of logs) emitLog(report.function, line);
      emit({ kind: 'invocation', ...fields, durationMs: round(report.durationMs), ...(report.initMs === undefined ? {} : { initMs: round(report.initMs) }) });
    },
    notice: (message, fields) => emit({ kind: 'notice', message, ...fields }),
    problem: (code, message) => emit({ kind: 'error', code, message }),
    log: (functionName, line) => emitLog(functionName, line),
    flush: () => out.flush(),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
