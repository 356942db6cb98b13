import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../packages/cli/src/build/index.js';
import { makeTempDir } from '../servers/temp-dir.js';

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
});
