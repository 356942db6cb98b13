import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server running in a child process, started by {@link spawnServer}. */
export interface ChildServer {
  /** Process id of the child. */
  readonly pid: number;
  /** The match of `readyPattern` against the child's output (holds the port). */
  readonly ready: RegExpMatchArray;
  /** The last lines the child wrote to stdout/stderr (for failure messages). */
  output(): string;
  /** Stops the child: SIGTERM, then SIGKILL after a grace period. Idempotent. */
  stop(): Promise<void>;
}

/** How to start a server child process and recognise that it is ready. */
export interface SpawnServerOptions {
  /** Name used in error messages. */
  name: string;
  /** Node arguments: the script and its arguments (run by the current `node`). */
  args: string[];
  /** Extra environment variables. */
  env?: Record<string, string>;
  cwd?: string;
  /** Matched against each line of stdout/stderr; the first match means "listening". */
  readyPattern: RegExp;
  /** Give up (and kill the child) after this long; default 30 s. */
  startTimeoutMs?: number;
}

const WATCHDOG = fileURLToPath(new URL('./parent-watchdog.cjs', import.meta.url));
const OUTPUT_LIMIT = 64 * 1024;
const STOP_GRACE_MS = 5_000;
const live = new Set<ChildProcess>();

// Belt and braces beside the watchdog: kill what is still running when this process exits.
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * Starts `node <args>` as a child process with an IPC channel (so the child dies with
 * this process, see parent-watchdog.cjs) and resolves once a line of its output matches
 * `readyPattern`. Rejects with the child's output if it exits or times out first.
 */
export function spawnServer(options: SpawnServerOptions): Promise<ChildServer> {
  installExitHook();
  const child = spawn(process.execPath, ['--require', WATCHDOG, ...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => live.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<ChildServer>((resolve, reject) => {
    let pending = '';
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      reject(new Error(`${options.name} did not start: ${why}\n--- output ---\n${output}`));
    };
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-OUTPUT_LIMIT);
      if (settled) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = options.readyPattern.exec(line);
        if (!match) continue;
        settled = true;
        clearTimeout(timer);
        resolve({ pid: child.pid ?? -1, ready: match, output: () => output, stop });
        return;
      }
    };
    // Keep draining both pipes for the child's whole life: a full pipe would block it.
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    const timer = setTimeout(() => fail('timed out'), options.startTimeoutMs ?? 30_000);
  });
}
