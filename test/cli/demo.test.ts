import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAASADE } from './cli-process.js';

const workspace = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run demo (scripts/demo.mjs)', () => {
  it('serves hello, runs the image pipeline on dropped files, prints what it made, cleans up and exits 0', { timeout: 120_000 }, async () => {
    // The demo as the README runs it, but from source (the same flags the CLI tests use).
    const [node, conditions, importFlag, tsx] = FAASADE;
    const child = spawn(node!, [conditions!, importFlag!, tsx!, 'scripts/demo.mjs'], { cwd: workspace, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, out).toBe(0);
    expect(out).toMatch(/GET {2}\/hello\?name=Ada +→ 200 \{"message":"Hello, Ada!"\}/);
    expect(out).toMatch(/uploads\/harbour\.jpg +1800×1200 +9 renditions: 1600, 768, 320 px × webp avif jpeg/);
    expect(out).toMatch(/uploads\/portrait\.png +900×1200 +6 renditions/);
    expect(out).toMatch(/uploads\/icon\.webp +480×320 +3 renditions/);
    expect(out).toMatch(/uploads\/notes\.jpg +— +rejected \(NotAnImage\)/);
    expect(out).toMatch(/processed\/harbour\/1600\.avif +1600×1067 +[\d.]+ kB +image\/avif/);
    const dir = /in (\/\S+)\/images:/.exec(out)?.[1];
    expect(dir).toBeDefined();
    expect(existsSync(dir!)).toBe(false);
  });
});
