import { cp, mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { findPackageDir } from './workspace-source.js';

/** A package to install into an artifact's node_modules, from a directory on disk. */
export interface VendoredPackage {
  name: string;
  version: string;
  /** Where its files are (a real directory). */
  dir: string;
}

interface Manifest {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
}

/**
 * A package and its production dependencies (not optional ones: a caller adds those it
 * needs for the target platform), as installed next to `fromDir`. A dependency that is not
 * installed is reported through `missing` rather than skipped silently.
 */
export async function dependencyClosure(name: string, fromDir: string, missing: (name: string, requiredBy: string) => never): Promise<VendoredPackage[]> {
  const found = new Map<string, VendoredPackage>();
  const visit = async (pkg: string, from: string, requiredBy: string): Promise<void> => {
    const dir = findPackageDir(pkg, from);
    if (!dir) missing(pkg, requiredBy);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
    const known = found.get(pkg);
    if (known) {
      if (known.version !== manifest.version) {
        throw new Error(`${pkg} is needed at versions ${known.version} and ${manifest.version}; a flat node_modules cannot hold both`);
      }
      return;
    }
    found.set(pkg, { name: pkg, version: manifest.version ?? '0.0.0', dir });
    for (const dependency of Object.keys(manifest.dependencies ?? {})) await visit(dependency, dir, pkg);
  };
  await visit(name, fromDir, 'the function');
  return [...found.values()];
}

// What a running function never reads: type declarations, source maps, docs, C++ sources.
const SKIPPED_FILE = /\.(d\.[cm]?ts|map|md|markdown|cc|cpp|h|gyp)$/i;
const SKIPPED_DIR = new Set(['node_modules', 'test', 'tests', '__tests__', 'docs', '.github']);
const SOURCE_DIR = new Set(['src', 'install']);

/**
 * Copies packages into `<targetDir>/node_modules/<name>`, leaving out what a running
 * function never reads (and never a nested node_modules: dependencies come flat).
 * `src/` and `install/` are skipped only for packages that have a built entry elsewhere.
 */
export async function copyPackages(packages: readonly VendoredPackage[], targetDir: string): Promise<void> {
  for (const pkg of packages) {
    const destination = join(targetDir, 'node_modules', pkg.name);
    await mkdir(destination, { recursive: true });
    const keepSources = !(await hasBuiltEntry(pkg.dir));
    await cp(pkg.dir, destination, {
      recursive: true,
      dereference: true,
      filter: (source) => {
        if (source === pkg.dir) return true;
        const name = basename(source);
        const relative = source.slice(pkg.dir.length + 1);
        if (name === 'node_modules') return false;
        if (!relative.includes('/') && (SKIPPED_DIR.has(name) || (!keepSources && SOURCE_DIR.has(name)))) return false;
        if (/^(license|licence|notice)/i.test(name)) return true;
        return !SKIPPED_FILE.test(name);
      },
    });
  }
}

// A package whose entry lives under dist/ or lib/ (sharp: dist/) does not run its src/.
async function hasBuiltEntry(dir: string): Promise<boolean> {
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { main?: string; exports?: unknown };
  const entry = String(manifest.main ?? '');
  return /^(\.\/)?(dist|lib|build)\//.test(entry);
}
