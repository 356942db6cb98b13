/**
 * Why the `faasade` command could not do what it was asked. Each code is printed with
 * the message (`[FunctionNotFound]`), so scripts can branch on it without parsing prose.
 */
export type CliErrorCode =
  | 'UsageError'
  | 'ConfigInvalid'
  | 'FunctionNotFound'
  | 'FunctionLoadFailed'
  | 'DuplicateFunction'
  | 'EventFileInvalid'
  | 'PortInUse'
  | 'ListenFailed'
  | 'BucketUnavailable'
  | 'CloudLibraryMissing'
  | 'TriggerNotSupported'
  | 'InternalError';

/**
 * An error the command reports as one line: what went wrong and what to do about it.
 * `exitCode` is 2 for misuse of the command line, 1 otherwise.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** The process exit code this error ends the command with. */
  get exitCode(): number {
    return this.code === 'UsageError' ? 2 : 1;
  }
}

/** True for a {@link CliError}. */
export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}

/** The first line of an error's message: one-line reports must stay one line. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0]!.trim();
  return line === '' ? (error instanceof Error ? error.name : 'unknown error') : line;
}
