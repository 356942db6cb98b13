import { sep } from 'node:path';

/**
 * Reads a path inside a local bucket directory back into the object key it stores, per
 * the fs driver's layout (core's `drivers/fs/names.ts`, which core does not export):
 * directories end in a raw `%` (`photos%/cat.jpg` is the key `photos/cat.jpg`), a long
 * segment continues in directories ending in `%+`, other raw-`%` suffixes (`%meta`,
 * `%tmp.…`, `%mtmp.…`, `%lock`) are the driver's own files, and `%xx` escapes are undone.
 * The watcher test checks this against keys written through the real driver.
 */
export type LayoutPath =
  | { kind: 'object'; key: string }
  /** A directory that holds keys starting with `prefix`. */
  | { kind: 'prefix'; prefix: string }
  /** The driver's own file (sidecar, temporary, lock): never an object. */
  | { kind: 'internal' }
  /** A name the layout does not produce: a folder without the `%` suffix, for example. */
  | { kind: 'foreign'; reason: string };

const STRUCTURED_NAME = /^((?:[^%]|%[0-9A-Fa-f]{2})*)(.*)$/s;
// The fs driver's own files beside an object: sidecar, lock, data and sidecar being written.
const DRIVER_FILE = /^%(?:meta|lock|tmp\..*|mtmp\..*)$/s;

/** What `relativePath` (relative to the bucket root, as a watcher reports it) stands for. */
export function readLayoutPath(relativePath: string, isDirectory: boolean): LayoutPath {
  const segments = relativePath.split(sep).filter((segment) => segment !== '');
  let key = '';
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const [, encoded = '', suffix = ''] = STRUCTURED_NAME.exec(segment) ?? [];
    const text = decode(encoded);
    if (text === undefined) return { kind: 'foreign', reason: `"${segment}" has a broken %-escape` };
    if (suffix === '%') {
      key += `${text}/`;
      continue;
    }
    if (suffix === '%+') {
      key += text;
      continue;
    }
    if (suffix !== '') {
      if (last && !isDirectory && DRIVER_FILE.test(suffix)) return { kind: 'internal' };
      return { kind: 'foreign', reason: `"${segment}" is not a name the fs driver writes` };
    }
    if (!last || isDirectory) {
      return { kind: 'foreign', reason: `folder "${segment}" does not end in "%", so the bucket does not see what is inside (a folder for keys under "${text}/" is named "${segment}%")` };
    }
    if (encoded === '') return { kind: 'internal' };
    return { kind: 'object', key: key + text };
  }
  return { kind: 'prefix', prefix: key };
}

function decode(encoded: string): string | undefined {
  try {
    const text = decodeURIComponent(encoded);
    // NUL stands for the empty segment (a key such as "a//b").
    return text === '\0' ? '' : text;
  } catch {
    return undefined;
  }
}

/**
 * The key a person meant by putting a file at `relativePath` with plain folder names
 * (`uploads/cat.jpg` → `uploads/cat.jpg`); folders already in the layout are decoded.
 */
export function intendedKey(relativePath: string): string {
  return relativePath.split(sep).filter((segment) => segment !== '').map((segment) => {
    const [, encoded = '', suffix = ''] = STRUCTURED_NAME.exec(segment) ?? [];
    return suffix === '%' ? (decode(encoded) ?? segment) : segment;
  }).join('/');
}
