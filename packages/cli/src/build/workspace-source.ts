import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * An esbuild plugin that bundles workspace packages from their TypeScript sources: a bare
 * import of a package that is linked from the workspace (its real path is outside any
 * `node_modules`) and exports a `source` condition resolves to that file. Packages from
 * the registry keep their published entry points, so a dependency that happens to ship a
 * `source` condition is never bundled from sources it did not mean to publish.
 */
export function workspaceSourcePlugin(): Plugin {
  return {
    name: 'faasade-workspace-source',
    setup(build) {
      build.onResolve({ filter: /^(@[^./][^/]*\/)?[^./@][^/]*(\/.*)?$/ }, (args) => {
        const parsed = splitSpecifier(args.path);
        if (!parsed || args.path.startsWith('node:')) return undefined;
        const packageDir = findPackageDir(parsed.name, args.resolveDir);
        if (!packageDir || isInstalledFromRegistry(packageDir)) return undefined;
        const target = sourceTarget(packageDir, parsed.subpath);
        // Declared side-effect free: esbuild may drop the modules of it nothing uses, as it
        // would for the published files (it reads `sideEffects` only for paths it resolves).
        return target ? { path: target.file, ...(target.sideEffectFree ? { sideEffects: false } : {}) } : undefined;
      });
    },
  };
}

/** `@scope/name/sub` → name `@scope/name`, subpath `./sub`. */
export function splitSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const nameParts = specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1);
  if (nameParts.some((part) => part === '')) return undefined;
  const rest = parts.slice(nameParts.length);
  return { name: nameParts.join('/'), subpath: rest.length ? `./${rest.join('/')}` : '.' };
}

/** The real directory of package `name` as Node would find it from `fromDir`. */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isInstalledFromRegistry(realDir: string): boolean {
  return realDir.split(sep).includes('node_modules');
}

function sourceTarget(packageDir: string, subpath: string): { file: string; sideEffectFree: boolean } | undefined {
  let manifest: { exports?: unknown; sideEffects?: unknown };
  try {
    manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports?: unknown; sideEffects?: unknown };
  } catch {
    return undefined;
  }
  const exportsMap = manifest.exports;
  if (exportsMap === null || typeof exportsMap !== 'object' || Array.isArray(exportsMap)) return undefined;
  const entry = (exportsMap as Record<string, unknown>)[subpath];
  const source = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>).source : undefined;
  if (typeof source !== 'string') return undefined;
  const file = join(packageDir, source);
  return existsSync(file) ? { file, sideEffectFree: manifest.sideEffects === false } : undefined;
}
