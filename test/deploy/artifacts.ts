import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildTarget, type BuildOptions, type BuildResult } from '@faasade/cli/build';
import { makeTempDir } from '../servers/temp-dir.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The example functions, as `faasade build` is given them. */
export const EXAMPLE_MODULES = [join(repo, 'packages/functions/hello'), join(repo, 'packages/functions/image-renditions')];
/** The probe function (counts handler calls, reports cold starts). */
export const PROBE_MODULE = fileURLToPath(new URL('./fixtures/probe.ts', import.meta.url));

/** Runs `buildTarget` into a fresh temporary directory, removed by `remove()`. */
export async function buildInTemp(target: BuildOptions['target'], modules: readonly string[], options: Partial<BuildOptions> = {}): Promise<BuildResult & { remove(): Promise<void> }> {
  const dir = await makeTempDir(`deploy-${target}`);
  try {
    const result = await buildTarget({ target, modules, outDir: join(dir.path, 'out'), cwd: repo, ...options });
    return { ...result, remove: () => dir.remove() };
  } catch (error) {
    await dir.remove();
    throw error;
  }
}

/** Unpacks a zip with Python's zipfile module: a reader independent of the one that wrote it. */
export async function unzip(zip: string, into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  await run('python3', ['-m', 'zipfile', '-e', zip, into]);
}

/** The names a zip holds, as Python's zipfile lists them (also verifies every CRC). */
export async function zipEntries(zip: string): Promise<string[]> {
  const script = 'import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nbad=z.testzip()\nassert bad is None, bad\nprint("\\n".join(i.filename+" "+oct(i.external_attr>>16) for i in z.infolist()))';
  const { stdout } = await run('python3', ['-c', script, zip]);
  return stdout.trim().split('\n');
}

/**
 * Every package a set of packages depends on, transitively (production, optional and peer
 * dependencies: `debug` takes `supports-color` as an optional peer (peerDependenciesMeta only), `node-fetch` takes `encoding`), as installed where `fromDir` resolves them: what "this SDK and its
 * dependencies" means for a bundle.
 */
export async function dependencyNames(roots: readonly string[], fromDir: string): Promise<Set<string>> {
  const { findPackageDir } = await import('../../packages/cli/src/build/workspace-source.js');
  const { readFile } = await import('node:fs/promises');
  const names = new Set<string>();
  const visit = async (name: string, from: string): Promise<void> => {
    if (names.has(name)) return;
    const dir = findPackageDir(name, from);
    if (!dir) return;
    names.add(name);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies?: object; optionalDependencies?: object; peerDependencies?: object; peerDependenciesMeta?: object };
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies, ...manifest.peerDependenciesMeta })) await visit(dependency, dir);
  };
  for (const root of roots) await visit(root, fromDir);
  return names;
}

/** Where each adapter's storage SDK packages resolve from. */
export const STORAGE_SDKS = {
  aws: { roots: ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@aws-sdk/s3-request-presigner'], from: join(repo, 'packages/adapters/aws') },
  azure: { roots: ['@azure/storage-blob'], from: join(repo, 'packages/adapters/azure') },
  gcp: { roots: ['@google-cloud/storage'], from: join(repo, 'packages/adapters/gcp') },
} as const;
