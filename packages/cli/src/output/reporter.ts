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
  /** An HTTP invocation's request method and target (path and query): `subject` is the two joined by a space. */
  method?: string;
  target?: string;
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
  /**
   * Optional: a warm HTTP invocation that logged nothing and has no trace, as
   * {@link invocation} would get it (trigger `http`, subject `method target`, no logs),
   * without the report object. The dev server reports every request, and under load the
   * object and its reading were a measurable share of each; reporters without this
   * method get the report.
   */
  httpInvocation?(fn: string, invocationId: string, method: string, target: string, status: number, durationMs: number): void;
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
/** Size of a batch: pending output is written at once when the next text would not fit. */
const BATCH_BYTES = 64 * 1024;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2). */
const MAX_UTF8_PER_UNIT = 3;
/** Pieces up to this many bytes are copied by a loop: a native copy's call costs more than it saves. */
const SHORT_BYTES = 16;
/** Text gathered as a string before it is encoded into the batch: one native call for dozens of lines. */
const STAGE_UNITS = 2048;

/**
 * Batches output into one write every {@link FLUSH_AFTER_MS} at most: under load, a write
 * per line (a system call, and a wake-up of whoever reads the pipe) would cost as much as
 * the request it reports. Text is encoded into the batch's buffer every
 * {@link STAGE_UNITS} characters: strings held for a whole batch were promoted out of
 * V8's young generation under load and made every request pay for the old one's
 * collection, while encoding each line on its own was a native call per request. Lines
 * keep their order, and whatever is pending is written when the process exits, also
 * after process.exit() or an uncaught exception.
 */
export class BatchedWriter {
  #batch: Buffer = Buffer.allocUnsafe(BATCH_BYTES);
  #used = 0;
  /** A batch already written, for the next one: fresh memory costs page faults, which are dear in some VMs. */
  #spare: Buffer | undefined;
  /** Text not yet encoded: short-lived, so it dies young. */
  #staged = '';
  #timer: NodeJS.Timeout | undefined;
  readonly #write: (bytes: Buffer, written: () => void) => void;

  /** Writes to `write`, or to stdout as bytes when it is not given. */
  constructor(write?: (text: string) => void) {
    this.#write = write
      ? (bytes, written) => (write(bytes.toString('utf8')), written())
      // The callback says the stream is done with the bytes (at once for files, pipes and terminals on Linux).
      : (bytes, written) => void process.stdout.write(bytes, written);
  }

  /** Appends text, written as UTF-8. */
  push(text: string): void {
    if (this.#staged === '' && this.#used === 0) holdsOutput(this);
    if (text.length < STAGE_UNITS) {
      this.#staged += text;
      if (this.#staged.length >= STAGE_UNITS) this.#encodeStaged();
    } else {
      // A long text is encoded on its own, after what is staged.
      this.#encodeStaged();
      this.#encode(text);
    }
    this.#armFlush();
  }

  #armFlush(): void {
    if (this.#timer) return;
    // No closure: a function making one allocates its context on every call, armed or not.
    this.#timer = setTimeout(flushWriter, FLUSH_AFTER_MS, this);
    // Output must not keep a finished process alive; the exit hook writes what is left.
    this.#timer.unref();
  }

  /**
   * Makes room for a text of at most `units` UTF-16 units written piece by piece with
   * {@link append}, {@link appendBytes} and {@link appendInteger} (what is staged goes
   * first), then {@link commit}. Pieces are encoded here, not joined into a string first:
   * a line costs no string of its own.
   */
  reserve(units: number): void {
    const room = units * MAX_UTF8_PER_UNIT;
    this.#encodeStaged();
    if (this.#used + room > this.#batch.length) {
      this.#writeBatch();
      // Longer than a batch: a buffer of its own, written like one.
      if (room > this.#batch.length) this.#batch = Buffer.allocUnsafe(room);
    }
    if (this.#used === 0) holdsOutput(this);
  }

  /** A piece of {@link reserve}d text, as UTF-8: by a loop here, or by the native encoder at a surrogate. */
  append(text: string): void {
    const batch = this.#batch;
    let at = this.#used;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) {
        batch[at++] = unit;
      } else if (unit < 0x800) {
        batch[at++] = 0xc0 | (unit >> 6);
        batch[at++] = 0x80 | (unit & 0x3f);
      } else if (unit < 0xd800 || unit > 0xdfff) {
        batch[at++] = 0xe0 | (unit >> 12);
        batch[at++] = 0x80 | ((unit >> 6) & 0x3f);
        batch[at++] = 0x80 | (unit & 0x3f);
      } else {
        // Pairs, and lone halves as U+FFFD, the way Node encodes them.
        this.#used += batch.write(text, this.#used);
        return;
      }
    }
    this.#used = at;
  }

  /** A piece of {@link reserve}d text already encoded (see {@link utf8}): no characters to look at. */
  appendBytes(bytes: Uint8Array): void {
    const batch = this.#batch;
    let at = this.#used;
    // A loop for the separators; a native copy for a whole line (a byte loop cost ~1.5 ns a byte).
    if (bytes.length > SHORT_BYTES) {
      batch.set(bytes, at);
      this.#used = at + bytes.length;
      return;
    }
    for (let i = 0; i < bytes.length; i++) batch[at++] = bytes[i]!;
    this.#used = at;
  }

  /** A piece of {@link reserve}d text: the decimal digits of a non-negative integer. */
  appendInteger(value: number): void {
    // Counted, then written from the last digit: no recursion, whose arguments V8 boxes
    // as heap numbers once they are doubles.
    let end = this.#used + 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) end++;
    this.#used = end;
    const batch = this.#batch;
    let rest = value;
    do {
      batch[--end] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }

  /** Where the next piece of {@link reserve}d text goes: for {@link copySince}. */
  mark(): number {
    return this.#used;
  }

  /** A copy of the bytes appended since `mark` (in the same reservation). */
  copySince(mark: number): Uint8Array {
    return new Uint8Array(this.#batch.subarray(mark, this.#used));
  }

  /** Ends text written in pieces: it is written with the batch. */
  commit(): void {
    this.#armFlush();
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#encodeStaged();
    this.#writeBatch();
  }

  #encodeStaged(): void {
    if (this.#staged === '') return;
    const text = this.#staged;
    this.#staged = '';
    this.#encode(text);
  }

  #encode(text: string): void {
    const room = text.length * MAX_UTF8_PER_UNIT;
    if (this.#used + room > BATCH_BYTES) {
      this.#writeBatch();
      // Larger than any batch: on its own, after what came before it.
      if (room > BATCH_BYTES) return this.#write(Buffer.from(text, 'utf8'), ignore);
    }
    this.#used += this.#batch.write(text, this.#used);
  }

  #writeBatch(): void {
    if (this.#used === 0) return;
    const written = this.#batch;
    // The spare for the next batch, else a fresh one: a stream may still hold this one.
    this.#batch = this.#spare ?? Buffer.allocUnsafe(BATCH_BYTES);
    this.#spare = undefined;
    const used = this.#used;
    this.#used = 0;
    pendingWriters.delete(this);
    // Only a batch-sized buffer is kept: not one made for a single long text.
    this.#write(written.subarray(0, used), () => void (written.length === BATCH_BYTES && (this.#spare = written)));
  }
}

function ignore(): void {}

function flushWriter(writer: BatchedWriter): void {
  writer.flush();
}

/** UTF-8 of a constant piece of text, for {@link BatchedWriter.appendBytes}. */
export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

// Writers holding output, and one exit hook for all of them, set on first use (stdout
// writes to files, pipes and terminals are synchronous on Linux and macOS, so they land).
const pendingWriters = new Set<BatchedWriter>();
let exitHooked = false;

function holdsOutput(writer: BatchedWriter): void {
  pendingWriters.add(writer);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const pending of pendingWriters) pending.flush();
  });
}
