/**
 * Values the JSON writer cannot take as they are, turned into plain data without ever
 * throwing: errors, `Headers`, and descriptions of thrown things.
 */

/** An error as a plain object: name, message, code, stack, own fields, cause and (for AggregateError) errors. */
export function errorFields(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: safe(() => error.name), message: safe(() => error.message) };
  for (const key of safe(() => Object.keys(error)) ?? []) {
    if (key !== 'stack' && key !== 'cause' && key !== 'errors' && !(key in out)) out[key] = safe(() => (error as unknown as Record<string, unknown>)[key]);
  }
  out.stack = safe(() => error.stack);
  const cause = safe(() => error.cause);
  if (cause !== undefined) out.cause = cause;
  const errors = safe(() => (error as Partial<AggregateError>).errors);
  if (Array.isArray(errors)) out.errors = errors;
  return out;
}

/** A `Headers` object as a record; repeated names joined as `Headers.get` joins them. */
export function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  });
  return out;
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** `Name: message` of anything thrown, never throwing itself. */
export function describe(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'an unprintable error';
  }
}
