import { vi } from 'vitest';

/** A structured log entry as faasade writes it. */
export type LogEntry = Record<string, unknown>;

/**
 * The JSON log lines written to stdout while `run` ran (and kept off the test output);
 * `run` can watch them arrive.
 */
export async function logsOf(run: (logs: LogEntry[]) => Promise<unknown>): Promise<LogEntry[]> {
  const logs: LogEntry[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) logs.push(JSON.parse(line) as LogEntry);
    return true;
  });
  try {
    await run(logs);
  } finally {
    spy.mockRestore();
  }
  return logs;
}
