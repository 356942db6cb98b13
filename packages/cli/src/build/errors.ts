/**
 * Why `faasade build` refused to write an artifact. Each code names a class of problem
 * scripts can branch on; the message names the function (when one is concerned) and what
 * to change.
 */
export type BuildErrorCode =
  | 'UsageError'
  | 'UnknownTarget'
  | 'NoFunctions'
  | 'FunctionLoadFailed'
  | 'NoTrigger'
  | 'DuplicateFunction'
  | 'InvalidDeclaration'
  | 'TriggerNotSupported'
  | 'AdapterMissing'
  | 'NativeBinariesMissing'
  | 'BundleFailed'
  | 'WriteFailed';

/** A build problem, reported as one line: `faasade build: [Code] message`. */
export class BuildError extends Error {
  override readonly name = 'BuildError';
  readonly code: BuildErrorCode;
  /** The declared function concerned, when there is one. */
  readonly functionName: string | undefined;

  constructor(code: BuildErrorCode, message: string, options: { functionName?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.functionName = options.functionName;
  }

  /** 2 for a misused command line (as `faasade` does elsewhere), 1 for everything else. */
  get exitCode(): number {
    return this.code === 'UsageError' || this.code === 'UnknownTarget' ? 2 : 1;
  }
}

/** True for a {@link BuildError}. */
export function isBuildError(value: unknown): value is BuildError {
  return value instanceof BuildError;
}

/** A BuildError about one function: the message starts with its name. */
export function functionError(code: BuildErrorCode, name: string, message: string, cause?: unknown): BuildError {
  return new BuildError(code, `function "${name}": ${message}`, { functionName: name, cause });
}
