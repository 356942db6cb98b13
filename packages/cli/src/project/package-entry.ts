import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

// Export conditions in the order faasade prefers them. `source` first: modules are bundled
// from their TypeScript (see runtime/bundle-module.ts), so edits reload without a build step.
const CONDITIONS = ['source', 'import', 'node', 'default', 'require'];
const FALLBACK_FILES = ['src/index.ts', 'src/index.mts', 'index.ts', 'index.mjs', 'index.js'];

interface PackageManifest {
  name?: unknown;
  exports?: unknown;
  module?: unknown;
  main?: unknown;
}

/** A package directory's name and the module file its `.` export points at (or undefined). */
export async function packageEntry(dir: string): Promise<{ name: string | undefined; file: string | undefined }> {
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageManifest;
  const name = typeof manifest.name === 'string' ? manifest.name : undefined;
  const candidates = [conditionalTarget(rootExport(manifest.exports)), manifest.module, manifest.main, ...FALLBACK_FILES];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const file = join(dir, candidate);
    if (await isFile(file)) return { name, file };
  }
  return { name, file: undefined };
}

function rootExport(exports: unknown): unknown {
  if (typeof exports === 'string' || exports === null || typeof exports !== 'object') return exports;
  const map = exports as Record<string, unknown>;
  // Either a map of subpaths ({".": …}) or the conditions of "." themselves.
  return Object.keys(map).some((key) => key.startsWith('.')) ? map['.'] : map;
}

function conditionalTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = conditionalTarget(item);
      if (found) return found;
    }
    return undefined;
  }
  if (target === null || typeof target !== 'object') return undefined;
  const conditions = target as Record<string, unknown>;
  for (const condition of CONDITIONS) {
    if (condition in conditions) {
      const found = conditionalTarget(conditions[condition]);
      if (found) return found;
    }
  }
  return undefined;
}

/** True when `path` is an existing regular file (following links). */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
