import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '@faasade/cli/build';
import { makeTempDir } from '../servers/temp-dir.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let out: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  out = await makeTempDir('deploy-command');
});
afterAll(() => out?.remove());

describe('faasade build as a command', () => {
  it('without module arguments builds the functions the project declares (packages/functions/*), one line per artifact', async () => {
    const lines: string[] = [];
    const exit = await runBuild(['--target', 'gcp', '--out', join(out.path, 'gcp')], { out: (line) => lines.push(line), err: (line) => lines.push(line) });
    expect(exit, lines.join('\n')).toBe(0);
    expect((await readdir(join(out.path, 'gcp'))).sort()).toEqual(['deploy.sh', 'hello', 'image-renditions']);
    expect(lines.filter((line) => /^(hello|image-renditions) \((http|object)\) → /.test(line))).toHaveLength(2);
  });

  it('--help prints the usage and exits 0', async () => {
    const lines: string[] = [];
    expect(await runBuild(['--help'], { out: (line) => lines.push(line) })).toBe(0);
    expect(lines.join('\n')).toMatch(/^usage: faasade build --target aws\|azure\|gcp/);
  });

  it('runs as `faasade build` in its own process: artifacts and exit 0, or the error code and exit 2 for an unknown target', () => {
    // The bin from its TypeScript sources, as `npx faasade` runs the built one.
    const faasade = (...args: string[]) => spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', join(repo, 'packages/cli/src/bin.ts'), ...args], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    const built = faasade('build', '--target', 'aws', '--out', join(out.path, 'bin-aws'), join(repo, 'packages/functions/hello'));
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/^hello \(http\) → .*hello\.zip/m);
    const unknown = faasade('build', '--target', 'heroku');
    expect([unknown.status, /\[(\w+)\]/.exec(unknown.stderr)?.[1]]).toEqual([2, 'UnknownTarget']);
  });
});
