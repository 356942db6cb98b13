/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Numeric order of the levels, for threshold checks. */
export const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

// Lambda's advanced logging controls set AWS_LAMBDA_LOG_LEVEL to one of these.
const ALIASES: Readonly<Record<string, LogLevel>> = {
  trace: 'debug', debug: 'debug', info: 'info', warn: 'warn', warning: 'warn', error: 'error', fatal: 'error',
};

/**
 * The level from `LOG_LEVEL` (debug, info, warn, error; trace and fatal map to the
 * nearest), else Lambda's `AWS_LAMBDA_LOG_LEVEL` (so the application log level set on the
 * function also stops lines before they are written), else info. Unknown values are ignored.
 */
export function levelFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): LogLevel {
  return ALIASES[env.LOG_LEVEL?.trim().toLowerCase() ?? ''] ?? ALIASES[env.AWS_LAMBDA_LOG_LEVEL?.trim().toLowerCase() ?? ''] ?? 'info';
}

/** Field names whose values are always replaced by `[REDACTED]`, at any depth, in any case. */
export const DEFAULT_REDACTED: readonly string[] = ['authorization', 'cookie', 'set-cookie', 'x-api-key', 'proxy-authorization'];

let lastRaw: string | undefined;
let lastSet: ReadonlySet<string> = new Set(DEFAULT_REDACTED);

/**
 * The redacted names: the defaults plus the comma-separated `LOG_REDACT` list
 * (`LOG_REDACT=password,token`), lower-cased. Parsed again only when the variable changes.
 */
export function redactedFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ReadonlySet<string> {
  const raw = env.LOG_REDACT ?? '';
  if (raw !== lastRaw) {
    lastRaw = raw;
    lastSet = redactionSet(raw.split(','));
  }
  return lastSet;
}

/** The defaults plus `names`, trimmed and lower-cased. */
export function redactionSet(names: Iterable<string>): ReadonlySet<string> {
  const set = new Set(DEFAULT_REDACTED);
  for (const name of names) {
    const clean = String(name).trim().toLowerCase();
    if (clean) set.add(clean);
  }
  return set;
}
