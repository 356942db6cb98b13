import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const workspace = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${workspace}packages/cli/src/bin.ts`;
const tsx = pathToFileURL(`${workspace}node_modules/tsx/dist/esm/index.mjs`).href;

/**
 * How the tests run `faasade`: the command's own source under Node with tsx, and the
 * `source` condition so workspace packages resolve to their TypeScript (no build needed).
 */
export const FAASADE = [process.execPath, '--conditions=source', '--import', tsx, bin];

/** A clean environment: no bucket bindings or log level leak in from the test run. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, NO_COLOR: '1' };
  return { ...env, ...extra };
}

/** What a finished command printed. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `faasade <args>` to the end. */
export function runCli(args: string[], options: { cwd: string; stdin?: string; env?: Record<string, string> }): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(FAASADE[0]!, [...FAASADE.slice(1), ...args], { cwd: options.cwd, env: environment(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** One line of `faasade dev --json` output. */
export type Record_ = Record<string, unknown> & { kind: string };

/** A running `faasade dev --json`, read line by line. */
export interface DevProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every JSON line so far. */
  readonly records: Record_[];
  /** Waits for a line matching `match` (from the start of the output, or after `after` lines). */
  waitFor(match: (record: Record_) => boolean, what: string, after?: number): Promise<Record_>;
  /** Everything printed to stderr. */
  stderr(): string;
  stop(): Promise<number | null>;
}

// Under the tests' own 30 s timeout: a wait that never ends fails with what the process printed, not a bare timeout.
const WAIT_MS = 25_000;

/** Starts `faasade dev --json --port 0 <args>` in `cwd` and waits until it is ready. */
export async function startDev(cwd: string, args: string[] = [], env?: Record<string, string>): Promise<DevProcess> {
  const child = spawn(FAASADE[0]!, [...FAASADE.slice(1), 'dev', '--json', '--port', '0', ...args], { cwd, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const records: Record_[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.trim()) records.push(JSON.parse(line) as Record_);
    for (const wake of waiters) wake();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    for (const wake of waiters) wake();
    resolve(code);
  }));
  const waitFor = (match: (record: Record_) => boolean, what: string, after = 0): Promise<Record_> => new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = records.slice(after).find(match);
      if (found) {
        cleanup();
        resolve(found);
        return true;
      }
      if (child.exitCode !== null) {
        cleanup();
        reject(new Error(`faasade dev exited (${child.exitCode}) before ${what}\n${describe()}`));
        return true;
      }
      return false;
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${what}\n${describe()}`));
    }, WAIT_MS);
    const cleanup = (): void => {
      clearTimeout(timer);
      waiters.delete(wake);
    };
    const wake = (): void => void check();
    if (!check()) waiters.add(wake);
  });
  const describe = (): string => `stdout:\n${records.map((r) => JSON.stringify(r)).join('\n')}\nstderr:\n${stderr}`;
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  };
  try {
    const ready = await waitFor((r) => r.kind === 'notice' && r.event === 'ready', 'the ready notice');
    return { url: String(ready.url), child, records, waitFor, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The `seen` log entries an object function wrote, in order. */
export function seen(records: readonly Record_[]): Array<Record<string, unknown>> {
  return records.filter((r) => r.kind === 'log' && r.message === 'seen');
}
