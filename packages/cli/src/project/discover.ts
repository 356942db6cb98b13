import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CliError } from '../errors.js';
import { isFile, packageEntry } from './package-entry.js';

/** A module that declares functions, found by {@link discoverModules}. */
export interface ModuleEntry {
  /** Absolute path of the module file to load. */
  file: string;
  /** How messages name it: the package name, or the path relative to the project. */
  label: string;
}

const MODULE_FILE = /\.(?:[cm]?ts|[cm]?js)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

/** What discovery found, and what it could not use (reported, not fatal). */
export interface Discovery {
  modules: ModuleEntry[];
  problems: CliError[];
}

/**
 * Resolves the configured function paths to module files. Each entry is a module file, a
 * package directory (its `source`, `import` or `main` entry) or `dir/*` (every module file
 * and package directly in `dir`). A pattern that matches nothing is a problem when the user
 * wrote it and silently empty when it is the default; so is a package without an entry.
 */
export async function discoverModules(root: string, patterns: readonly string[], explicit: boolean): Promise<Discovery> {
  const found = new Map<string, ModuleEntry>();
  const problems: CliError[] = [];
  for (const pattern of patterns) {
    try {
      const entries = pattern.endsWith('/*') ? await expandDirectory(root, pattern.slice(0, -2), explicit, problems) : [await resolveEntry(root, pattern)];
      for (const entry of entries) found.set(entry.file, entry);
    } catch (error) {
      problems.push(error as CliError);
    }
  }
  return { modules: [...found.values()], problems };
}

async function expandDirectory(root: string, dir: string, explicit: boolean, problems: CliError[]): Promise<ModuleEntry[]> {
  const absolute = resolve(root, dir);
  let names: string[];
  try {
    names = (await readdir(absolute)).sort();
  } catch (error) {
    if (!explicit) return [];
    throw new CliError('ConfigInvalid', `function path "${dir}/*": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`);
  }
  const entries: ModuleEntry[] = [];
  for (const name of names) {
    if (name.startsWith('.') || SKIPPED_DIRS.has(name) || name.endsWith('.d.ts') || /\.test\.[cm]?[jt]s$/.test(name)) continue;
    const path = join(absolute, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() && (await isFile(join(path, 'package.json')))) {
      try {
        entries.push(await packageModule(root, path));
      } catch (error) {
        problems.push(error as CliError);
      }
    }
    else if (info?.isFile() && MODULE_FILE.test(name)) entries.push({ file: path, label: relative(root, path) });
  }
  return entries;
}

async function resolveEntry(root: string, pattern: string): Promise<ModuleEntry> {
  const path = resolve(root, pattern);
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) return { file: path, label: relative(root, path) || path };
  if (info?.isDirectory() && (await isFile(join(path, 'package.json')))) return packageModule(root, path);
  throw new CliError('ConfigInvalid', `function path "${pattern}" is ${info ? 'a directory without a package.json' : 'missing'}; list a module file, a package directory or "dir/*"`);
}

async function packageModule(root: string, dir: string): Promise<ModuleEntry> {
  let entry: Awaited<ReturnType<typeof packageEntry>>;
  try {
    entry = await packageEntry(dir);
  } catch (error) {
    throw new CliError('ConfigInvalid', `${relative(root, dir)}/package.json cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (!entry.file) {
    throw new CliError('ConfigInvalid', `package ${relative(root, dir)} has no entry module; give it "exports" or "main" (or src/index.ts)`);
  }
  return { file: entry.file, label: entry.name ?? relative(root, dir) };
}
