/**
 * Reversible mapping between portable keys and Azure blob names.
 *
 * Most keys are stored unchanged, so other tools (the portal, Event Grid, blob triggers)
 * see the names the application chose. A few cannot survive as-is:
 * - a path segment that is `.` or `..` is removed by URL normalisation on the way out
 *   (`a/../b` would write `b`), and a segment ending in `.` is trimmed by the service
 *   ("Avoid blob names that end with a dot", see
 *   https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata);
 *   so the last `.` of such a segment becomes `%2E`;
 * - `\` is turned into `/` (Azurite does this; the portal treats it as a separator): `%5C`;
 * - U+FFFE and U+FFFF are not XML characters, and a listing that contains one fails
 *   (Azurite answers 500): `%EF%BF%BE` / `%EF%BF%BF`;
 * - `%` itself becomes `%25`, which makes the mapping reversible.
 *
 * Escaping is per character except the segment rule, which depends on what follows; see
 * {@link toListPrefix} for how listings deal with that.
 */

const CHAR_ESCAPES: Record<string, string> = { '%': '%25', '\\': '%5C', '\uFFFE': '%EF%BF%BE', '\uFFFF': '%EF%BF%BF' };
const UNESCAPES: ReadonlyArray<[string, string]> = [
  ['%25', '%'], ['%5C', '\\'], ['%2E', '.'], ['%EF%BF%BE', '\uFFFE'], ['%EF%BF%BF', '\uFFFF'],
];
const ESCAPED_CHARS = /[%\\\uFFFE\uFFFF]/g;

/** Escapes the characters Azure cannot store, but not the segment-final dot. */
function escapeChars(text: string): string {
  return text.replace(ESCAPED_CHARS, (c) => CHAR_ESCAPES[c] ?? c);
}

/** Escapes one path segment that is complete (followed by `/` or the end of the key). */
function escapeSegment(segment: string): string {
  const escaped = escapeChars(segment);
  return escaped.endsWith('.') ? `${escaped.slice(0, -1)}%2E` : escaped;
}

/** The blob name a portable key is stored under. */
export function toBlobName(key: string): string {
  return key.split('/').map(escapeSegment).join('/');
}

/**
 * The portable key of a blob name. Names this driver did not write are returned as they
 * are, apart from the escape sequences above.
 */
export function fromBlobName(name: string): string {
  if (!name.includes('%')) return name;
  let out = '';
  for (let i = 0; i < name.length; ) {
    const match = name[i] === '%' ? UNESCAPES.find(([seq]) => name.startsWith(seq, i)) : undefined;
    if (match) {
      out += match[1];
      i += match[0].length;
    } else {
      out += name[i];
      i += 1;
    }
  }
  return out;
}

/** What to ask Azure for when listing keys that start with a portable prefix. */
export interface ListPrefix {
  /** The prefix to send. */
  blobPrefix: string;
  /**
   * Set when the portable prefix ends inside a segment with dots that may or may not be
   * escaped in the stored names (`a.` matches the key `a.b` stored as `a.b` and the key
   * `a.` stored as `a%2E`): Azure is asked for the shorter prefix and the listed keys
   * must be filtered to those starting with this portable prefix.
   */
  mustStartWith?: string;
}

/** The blob name prefix for listing keys that start with `prefix`. */
export function toListPrefix(prefix: string): ListPrefix {
  const cut = prefix.lastIndexOf('/') + 1;
  const complete = prefix.slice(0, cut).split('/').slice(0, -1).map((s) => `${escapeSegment(s)}/`).join('');
  const partial = prefix.slice(cut);
  const trimmed = partial.replace(/\.+$/, '');
  const blobPrefix = complete + escapeChars(trimmed);
  return trimmed === partial ? { blobPrefix } : { blobPrefix, mustStartWith: prefix };
}

/**
 * The delimiter to send, escaped like keys. Limitation: a delimiter containing `.`, or a
 * character of the escape sequences (`%`, `0-9`, `A-F`), can fold keys that hold escaped
 * characters at a different place than another driver would (`.` cannot match a
 * segment-final dot, which is stored as `%2E`). `/`, `-`, `_`, `:` and `|` are safe.
 */
export function toBlobDelimiter(delimiter: string): string {
  return escapeChars(delimiter);
}
