import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildError } from './errors.js';

// The entry of a package directory, in the order a build prefers: TypeScript sources of a
// workspace package first, then what Node would load.
const CONDITIONS = ['source', 'import', 'node', 'default'];
const FALLBACKS = ['src/index.ts', 'index.ts', 'index.mjs', 'index.js'];

/**
 * The module file a path names: the file itself, or the `.` entry of a package directory.
 * @throws BuildError `FunctionLoadFailed` for a missing path or a package without an entry.
 */
export async function moduleFileOf(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) return path;
  if (!info?.isDirectory()) throw new BuildError('FunctionLoadFailed', `${path} does not exist: give a module file or a package directory`);
  let manifest: { exports?: unknown; module?: unknown; main?: unknown };
  try {
    manifest = JSON.parse(await readFile(join(path, 'package.json'), 'utf8')) as typeof manifest;
  } catch (error) {
    throw new BuildError('FunctionLoadFailed', `${path} is a directory without a readable package.json`, { cause: error });
  }
  for (const candidate of [rootTarget(manifest.exports), manifest.module, manifest.main, ...FALLBACKS]) {
    if (typeof candidate !== 'string') continue;
    const file = join(path, candidate);
    if ((await stat(file).catch(() => undefined))?.isFile()) return file;
  }
  throw new BuildError('FunctionLoadFailed', `package ${path} has no entry module: give it "exports" or "main"`);
}

function rootTarget(exports: unknown): unknown {
  let target = exports;
  if (target !== null && typeof target === 'object' && !Array.isArray(target) && Object.keys(target).some((key) => key.startsWith('.'))) {
    target = (target as Record<string, unknown>)['.'];
  }
  while (target !== null && typeof target === 'object' && !Array.isArray(target)) {
    const conditions = target as Record<string, unknown>;
    const found = CONDITIONS.find((condition) => condition in conditions);
    if (found === undefined) return undefined;
    target = conditions[found];
  }
  return target;
}
