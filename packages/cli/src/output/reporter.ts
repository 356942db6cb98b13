import type { LogLevel } from '@faasade/core';
import type { CliErrorCode } from '../errors.js';

/** One log line a function wrote, as core's LogSink hands it over (JSON text and level). */
export interface LogLine {
  line: string;
  level: LogLevel;
}

/** What the runtime reports about one invocation. */
export interface InvocationReport {
  function: string;
  invocationId: string;
  trigger: 'http' | 'object';
  /** What was invoked: `GET /hello?name=Ada`, `object.created images/uploads/cat.jpg`. */
  subject: string;
  /** The HTTP status, or how an event ended. */
  status: number | 'ok' | 'skipped' | 'failed';
  durationMs: number;
  coldStart: boolean;
  /** Init time of the instance, on a cold start. */
  initMs?: number;
  /** Delivery attempt of an event (1 for the first). */
  attempt?: number;
  /** When the event is delivered again after a failure; absent when it is not. */
  retryInMs?: number;
  /** Lines the function logged during the invocation. */
  logs: readonly LogLine[];
  /** With `--trace`: the invocation's spans as an indented tree, one line per span. */
  trace?: readonly string[];
}

/** Where the runtime's output goes: a terminal reader or a program. */
export interface Reporter {
  invocation(report: InvocationReport): void;
  /** Something the user should know that is not a problem (ready, reloaded, watching). */
  notice(message: string, fields?: Record<string, unknown>): void;
  /** A problem, as one line that says what to do; `fatal` when the command stops. */
  problem(code: CliErrorCode, message: string): void;
  /** A function's log line written outside any invocation (at load, or after answering). */
  log(functionName: string, line: LogLine): void;
  /** Writes everything buffered now (before exiting). */
  flush(): void;
}

/** How long output may wait before it is written: short for a reader, long for a CPU. */
const FLUSH_AFTER_MS = 25;

/**
 * Batches output into one write every {@link FLUSH_AFTER_MS} at most: under load, a write
 * per line (a system call, and a wake-up of whoever reads the pipe) would cost as much as
 * the request it reports.
 */
export class BatchedWriter {
  #pending = '';
  #timer: NodeJS.Timeout | undefined;
  readonly #write: (text: string) => void;

  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  push(text: string): void {
    this.#pending += text;
    if (this.#pending.length > 64 * 1024) return this.flush();
    if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), FLUSH_AFTER_MS);
      // Output must not keep a finished process alive; close() flushes what is left.
      this.#timer.unref();
    }
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    this.#write(text);
  }
}
