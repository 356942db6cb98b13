/**
 * GCS refuses the object names `.` and `..`, and URL normalisation would turn a request
 * path ending in `/o/.` into `/o/` anyway, yet both are valid portable keys. They are
 * stored with a trailing U+0001, which no portable key can contain (control characters
 * are refused), so the mapping is reversible; the escaped names also keep their place in
 * listings (right after where `.` / `..` would sort, before any other key starting with
 * them) and match the same prefixes and delimiters.
 */
const ESCAPE = '\u0001';

/** The GCS object name for a portable key. */
export function objectName(key: string): string {
  return key === '.' || key === '..' ? key + ESCAPE : key;
}

/** The portable key for a GCS object name (the inverse of {@link objectName}). */
export function keyOf(name: string): string {
  return name === `.${ESCAPE}` || name === `..${ESCAPE}` ? name.slice(0, -1) : name;
}
