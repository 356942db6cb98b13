import { mkdir, realpath, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const testsDir = fileURLToPath(new URL('..', import.meta.url));
const requireFromTests = createRequire(import.meta.url);
// esbuild comes with tsup (a root dev dependency); resolving it from there keeps the
// test package free of a direct dependency.
const esbuild = createRequire(createRequire(join(testsDir, '..', 'package.json')).resolve('tsup'))('esbuild') as {
  build(options: Record<string, unknown>): Promise<unknown>;
};

/**
 * Bundles an entry module made of `lines` into one ESM file, as a deployment would: esbuild,
 * Node 20, the workspace's `source` condition so the test runs today's code. `external`
 * packages stay out (see {@link linkPackages}). Specifiers are package names or absolute paths.
 */
export async function bundleEntry(lines: readonly string[], outfile: string, external: readonly string[] = []): Promise<void> {
  await esbuild.build({
    stdin: { contents: lines.join('\n'), resolveDir: testsDir, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: [...external],
    outfile,
    logLevel: 'error',
  });
}

/** The directory of a package as this test package resolves it (its package.json may not be exported). */
export function packageDirOf(name: string): string {
  let dir = dirname(requireFromTests.resolve(name));
  while (!dir.endsWith(join('node_modules', name))) dir = dirname(dir);
  return dir;
}

/**
 * What installing a deployment's dependencies leaves in `dir/node_modules`: each package
 * linked from this workspace's copy (`packageDir`, default {@link packageDirOf}).
 */
export async function linkPackages(dir: string, packages: ReadonlyArray<string | readonly [name: string, packageDir: string]>): Promise<void> {
  for (const entry of packages) {
    const [name, packageDir] = typeof entry === 'string' ? [entry, packageDirOf(entry)] : entry;
    await mkdir(dirname(join(dir, 'node_modules', name)), { recursive: true });
    await symlink(await realpath(packageDir), join(dir, 'node_modules', name), 'dir');
  }
}
