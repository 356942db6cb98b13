import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnServer } from './child-process.js';

const TINY_SERVER = fileURLToPath(new URL('./fixtures/tiny-server.cjs', import.meta.url));
const ORPHAN_PARENT = fileURLToPath(new URL('./fixtures/orphan-parent.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('spawnServer', () => {
  it('resolves once the ready line appears, and stop() ends the child', async () => {
    const child = await spawnServer({ name: 'tiny', args: [TINY_SERVER], readyPattern: /ready on (\d+)/ });
    expect(await (await fetch(`http://127.0.0.1:${child.ready[1]}`)).text()).toBe('ok');
    await child.stop();
    expect(isAlive(child.pid)).toBe(false);
    await child.stop(); // idempotent
  });

  it('rejects with the child output when the child exits before it is ready', async () => {
    await expect(spawnServer({ name: 'broken', args: ['-e', 'console.error("no config"); process.exit(3)'], readyPattern: /never/ }))
      .rejects.toThrow(/broken did not start: exited early \(code 3[\s\S]*no config/);
  });

  it('rejects and kills the child when it never becomes ready', async () => {
    await expect(spawnServer({ name: 'silent', args: ['-e', 'setInterval(() => {}, 1000)'], readyPattern: /never/, startTimeoutMs: 500 }))
      .rejects.toThrow(/silent did not start: timed out/);
  });

  it('takes the child down when the parent process is killed outright (SIGKILL)', async () => {
    const parent = spawn(process.execPath, ['--import', TSX, ORPHAN_PARENT], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => {
        const match = /child pid (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', () => reject(new Error('parent exited before reporting its child')));
    });
    expect(isAlive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !isAlive(childPid), 10_000)).toBe(true);
  });
});
