import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrno } from './fs-errors.js';
import { parseName, prefixPath } from './names.js';
import { existingDir } from './safe-dirs.js';

/**
 * Every key under the directories that can hold keys starting with `prefix` (a superset:
 * the caller filters by the full prefix). Symbolic links and internal files are skipped,
 * so a listing never leaves the root or shows a half-written object.
 */
export async function keysUnder(realRoot: string, prefix: string): Promise<string[]> {
  const { dirs, keyBase } = prefixPath(prefix);
  let start: string;
  try {
    start = await existingDir(realRoot, dirs);
  } catch (error) {
    if (hasErrno(error, 'ENOENT') || hasErrno(error, 'ENOTDIR')) return [];
    throw error;
  }
  const keys: string[] = [];
  await collect(start, keyBase, keys);
  return keys;
}

async function collect(dir: string, keyBase: string, keys: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    // A directory removed while listing holds no keys.
    if (hasErrno(error, 'ENOENT')) return;
    throw error;
  }
  const below: Array<Promise<void>> = [];
  for (const entry of entries) {
    const parsed = parseName(entry.name);
    if (parsed.kind === 'internal') continue;
    if (entry.isFile() && parsed.kind === 'object') keys.push(keyBase + parsed.text);
    else if (entry.isDirectory() && parsed.kind === 'dir') below.push(collect(join(dir, entry.name), `${keyBase}${parsed.text}/`, keys));
    else if (entry.isDirectory() && parsed.kind === 'continued') below.push(collect(join(dir, entry.name), keyBase + parsed.text, keys));
  }
  await Promise.all(below);
}
