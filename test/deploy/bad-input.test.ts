import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTarget, isBuildError, runBuild, type BuildOptions } from '@faasade/cli/build';
import { makeTempDir } from '../servers/temp-dir.js';
import { EXAMPLE_MODULES, zipEntries } from './artifacts.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));
const [HELLO, RENDITIONS] = EXAMPLE_MODULES as [string, string];

let out: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  out = await makeTempDir('deploy-bad-input');
});
afterAll(() => out?.remove());

/** Runs the command as a user would; returns its exit code and the `[Code]` of its error line. */
async function command(args: string[]): Promise<{ exit: number; code: string | undefined; lines: string[] }> {
  const lines: string[] = [];
  const exit = await runBuild(args, { out: (line) => lines.push(line), err: (line) => lines.push(line) });
  return { exit, code: /^faasade build: \[(\w+)\]/m.exec(lines.join('\n'))?.[1], lines };
}

/** The BuildError a build fails with: its code and the function it names. */
async function failure(options: Omit<BuildOptions, 'cwd'>): Promise<{ code: string; functionName: string | undefined }> {
  try {
    await buildTarget({ cwd: repo, outDir: join(out.path, 'failed'), ...options });
  } catch (error) {
    if (isBuildError(error)) return { code: error.code, functionName: error.functionName };
    throw error;
  }
  throw new Error('the build succeeded');
}

describe('faasade build refuses what it cannot deploy, with a code, the function and a non-zero exit', () => {
  it('an unknown target or a missing one is a usage error (exit 2)', async () => {
    expect(await command(['--target', 'heroku', HELLO])).toMatchObject({ exit: 2, code: 'UnknownTarget' });
    expect(await command([HELLO])).toMatchObject({ exit: 2, code: 'UsageError' });
    expect(await command(['--target', 'aws', '--bogus', HELLO])).toMatchObject({ exit: 2, code: 'UsageError' });
  });

  it('a module whose export has no trigger', async () => {
    expect(await command(['--target', 'aws', '--out', join(out.path, 'x'), fixture('plain-handler')])).toMatchObject({ exit: 1, code: 'NoTrigger' });
    expect(await failure({ target: 'gcp', modules: [fixture('no-trigger')] })).toEqual({ code: 'NoTrigger', functionName: 'orphan' });
  });

  it('a trigger the cloud cannot express, named per cloud', async () => {
    expect(await failure({ target: 'gcp', modules: [fixture('created-and-deleted')] })).toEqual({ code: 'TriggerNotSupported', functionName: 'sync-index' });
    expect(await failure({ target: 'azure', modules: [fixture('admin-route')] })).toEqual({ code: 'TriggerNotSupported', functionName: 'admin-panel' });
    expect(await failure({ target: 'aws', modules: [fixture('slow-http')] })).toEqual({ code: 'TriggerNotSupported', functionName: 'slow-report' });
    // Azure: the container Event Grid dead-letters into is not a bucket to bind.
    expect(await failure({ target: 'azure', modules: [fixture('dead-letter-binding')] })).toEqual({ code: 'InvalidDeclaration', functionName: 'audit' });
    // The same declarations are fine where the cloud can express them.
    await expect(buildTarget({ target: 'aws', modules: [fixture('created-and-deleted'), fixture('admin-route')], cwd: repo, outDir: join(out.path, 'fine') })).resolves.toMatchObject({ target: 'aws' });
  });

  it('modules that do not load, and two functions with one name', async () => {
    expect(await failure({ target: 'aws', modules: [join(repo, 'packages/functions/nope')] })).toMatchObject({ code: 'FunctionLoadFailed' });
    expect(await failure({ target: 'aws', modules: [fixture('throws-on-load')] })).toMatchObject({ code: 'FunctionLoadFailed' });
    expect(await failure({ target: 'aws', modules: [HELLO, fixture('another-hello')] })).toEqual({ code: 'DuplicateFunction', functionName: 'hello' });
  });

  it('arm64 where the cloud runs x64 only', async () => {
    expect(await command(['--target', 'azure', '--arch', 'arm64', HELLO])).toMatchObject({ exit: 2, code: 'UsageError' });
    expect(await command(['--target', 'gcp', '--arch', 'arm64', HELLO])).toMatchObject({ exit: 2, code: 'UsageError' });
  });
});

describe('native binaries for the target platform', () => {
  it('missing arm64 binaries without fetching: the pipeline fails by name, and the previous artifacts stay as they were', async () => {
    const dir = join(out.path, 'all-or-nothing');
    await buildTarget({ target: 'aws', modules: [HELLO], cwd: repo, outDir: dir });
    const before = await stat(join(dir, 'hello.zip'));
    const result = await command(['--target', 'aws', '--arch', 'arm64', '--offline', '--out', dir, HELLO, RENDITIONS]);
    expect(result).toMatchObject({ exit: 1, code: 'NativeBinariesMissing' });
    expect(result.lines.join('\n')).toContain('"image-renditions"');
    expect((await readdir(dir)).sort()).toEqual(['hello', 'hello.zip', 'template.yaml']);
    expect((await stat(join(dir, 'hello.zip'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('arm64 binaries fetched from the registry with npm pack: the zip carries Linux arm64 sharp and no x64', async () => {
    const cache = join(out.path, 'npm-cache');
    const result = await buildTarget({ target: 'aws', arch: 'arm64', modules: [RENDITIONS], cwd: repo, outDir: join(out.path, 'arm64'), fetchCache: cache });
    const names = (await zipEntries(result.functions[0]!.zip!)).map((line) => line.split(' ')[0]!);
    expect(names).toContain('node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node');
    expect(names.some((name) => name.includes('linux-x64'))).toBe(false);
    // An ELF file for aarch64 (e_machine 183).
    const addon = await readFile(join(result.functions[0]!.bundleDir, 'node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node'));
    expect([addon.readUInt32BE(0), addon.readUInt16LE(18)]).toEqual([0x7f454c46, 183]);
    expect(parseCfnArchitectures(await readFile(result.template, 'utf8'))).toEqual(['arm64']);
  }, 180_000);
});

function parseCfnArchitectures(text: string): string[] {
  return [...text.matchAll(/Architectures:\n((?:\s+- .+\n)+)/g)].flatMap((m) => m[1]!.trim().split('\n').map((line) => line.replace(/^\s*- /, '')));
}
