/**
 * How keys become file names under the bucket's root, reversibly, so that every valid
 * key can be stored — including `a` next to `a/b`, `dir/`, `../x`, empty segments and
 * segments longer than a file name may be.
 *
 * - A key is split at `/`. Directory names end in a raw `%`; object files have no suffix,
 *   so `photos/cat.jpg` is the file `photos%/cat.jpg` and `photos` can be an object too.
 * - In every segment `%` and the characters Windows forbids (`\ : * ? " < > |`) are
 *   percent-encoded; `.` and `..` become `%2E` and `%2E%2E`; the empty segment is `%00`
 *   (NUL never occurs in a key). So a raw `%` not followed by two hex digits only ever
 *   marks structure: `%` (directory), `%+` (continued segment), `%meta` (sidecar),
 *   `%tmp.…`, `%mtmp.…` (files being written) and `%lock`.
 * - Segments over {@link MAX_CHUNK_BYTES} are split into chunks; all but the last become
 *   directories ending in `%+`, which the listing joins back without a `/`.
 */

/** Longest encoded chunk, leaving room for suffixes under the usual 255-byte name limit. */
export const MAX_CHUNK_BYTES = 200;

const NEEDS_ESCAPE = /[%\\:*?"<>|]/g;
const STRUCTURED_NAME = /^((?:[^%]|%[0-9A-Fa-f]{2})*)(.*)$/s;

/** Where one key's files live, relative to the root. */
export interface KeyPath {
  /** Directory names from the root down. */
  dirs: string[];
  /** The object file's name in the last directory (sidecar etc. add suffixes). */
  name: string;
}

/** The directories and file name for a key. */
export function keyPath(key: string): KeyPath {
  const segments = key.split('/');
  const last = segments.pop()!;
  const dirs = segments.flatMap((segment) => segmentDirs(segment));
  const chunks = encodeSegment(last);
  for (const chunk of chunks.slice(0, -1)) dirs.push(`${chunk}%+`);
  return { dirs, name: chunks[chunks.length - 1]! };
}

/**
 * The directories under which every key starting with `prefix` lives, and the key text
 * those directories stand for (the prefix up to its last `/`).
 */
export function prefixPath(prefix: string): { dirs: string[]; keyBase: string } {
  const cut = prefix.lastIndexOf('/');
  if (cut < 0) return { dirs: [], keyBase: '' };
  const keyBase = prefix.slice(0, cut + 1);
  return { dirs: keyBase.slice(0, -1).split('/').flatMap((segment) => segmentDirs(segment)), keyBase };
}

/** What a name found in a bucket directory stands for. */
export type ParsedName =
  | { kind: 'object'; text: string }
  | { kind: 'dir'; text: string }
  | { kind: 'continued'; text: string }
  | { kind: 'internal' };

/** Reads a directory entry's name back into key text. Unknown shapes are `internal` and ignored. */
export function parseName(name: string): ParsedName {
  const [, encoded = '', suffix = ''] = STRUCTURED_NAME.exec(name) ?? [];
  const text = decodeChunk(encoded);
  if (text === undefined) return { kind: 'internal' };
  if (suffix === '') return encoded === '' ? { kind: 'internal' } : { kind: 'object', text };
  if (suffix === '%') return { kind: 'dir', text };
  if (suffix === '%+') return { kind: 'continued', text };
  return { kind: 'internal' };
}

function segmentDirs(segment: string): string[] {
  const chunks = encodeSegment(segment);
  return chunks.map((chunk, i) => (i === chunks.length - 1 ? `${chunk}%` : `${chunk}%+`));
}

function encodeSegment(segment: string): string[] {
  if (segment === '') return ['%00'];
  const escaped = segment.replace(NEEDS_ESCAPE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return splitChunks(escaped).map(escapeDots);
}

// "." and ".." are not names a file can have; a whole chunk of dots is escaped.
function escapeDots(chunk: string): string {
  return chunk === '.' || chunk === '..' ? chunk.replace(/\./g, '%2E') : chunk;
}

function splitChunks(escaped: string): string[] {
  if (Buffer.byteLength(escaped) <= MAX_CHUNK_BYTES) return [escaped];
  const chunks: string[] = [];
  let current = '';
  let bytes = 0;
  // Tokens are whole escapes or whole code points, so no chunk ends inside either.
  for (const token of escaped.match(/%[0-9A-F]{2}|[\s\S]/gu) ?? []) {
    const size = Buffer.byteLength(token);
    if (bytes + size > MAX_CHUNK_BYTES) {
      chunks.push(current);
      current = '';
      bytes = 0;
    }
    current += token;
    bytes += size;
  }
  chunks.push(current);
  return chunks;
}

function decodeChunk(encoded: string): string | undefined {
  try {
    const text = decodeURIComponent(encoded);
    return text === '\0' ? '' : text;
  } catch {
    return undefined;
  }
}
