import { StorageError } from '../errors.js';
import { compareUtf8 } from '../keys.js';
import type { DriverListOptions } from '../driver.js';

/** An entry of a page before the driver fills in object details. */
export interface KeyEntry {
  type: 'object' | 'prefix';
  key: string;
}

/** A page of keys and the cursor that continues after it. */
export interface KeyPage {
  entries: KeyEntry[];
  cursor?: string;
}

/** Sorts keys in place in the clouds' listing order (UTF-8 bytes). */
export function sortKeys(keys: string[]): string[] {
  return keys.sort(compareUtf8);
}

/**
 * Cuts one listing page out of keys sorted by {@link sortKeys}: filters by prefix, folds
 * at the delimiter, and continues after the cursor. The cursor is the last entry's key,
 * so a page stays correct when keys are added or removed between pages.
 */
export function pageOfKeys(sortedKeys: Iterable<string>, opts: DriverListOptions): KeyPage {
  const after = opts.cursor === undefined ? undefined : decodeCursor(opts.cursor);
  const entries: KeyEntry[] = [];
  let last: string | undefined;
  for (const key of sortedKeys) {
    if (!key.startsWith(opts.prefix)) continue;
    const entry = foldKey(key, opts.prefix, opts.delimiter);
    // Keys under one folded prefix are adjacent, so each prefix is seen as one run.
    if (entry.key === last) continue;
    if (after !== undefined && compareUtf8(entry.key, after) <= 0) continue;
    if (entries.length === opts.pageSize) return { entries, cursor: encodeCursor(last!) };
    entries.push(entry);
    last = entry.key;
  }
  return { entries };
}

function foldKey(key: string, prefix: string, delimiter: string | undefined): KeyEntry {
  if (delimiter) {
    const at = key.indexOf(delimiter, prefix.length);
    if (at >= 0) return { type: 'prefix', key: key.slice(0, at + delimiter.length) };
  }
  return { type: 'object', key };
}

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key === '' || encodeCursor(key) !== cursor) throw new StorageError('InvalidArgument', 'the list cursor is not one this driver returned');
  return key;
}
