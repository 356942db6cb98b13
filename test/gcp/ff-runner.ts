import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect, createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { linkPackages, packageDirOf } from '../shared/deployment-bundle.js';

const requireHere = createRequire(import.meta.url);
const frameworkDir = dirname(dirname(dirname(requireHere.resolve('@google-cloud/functions-framework'))));

/** A built source folder served by the Functions Framework CLI. */
export interface ServedFolder {
  readonly port: number;
  output(): string;
  close(): Promise<void>;
}

/**
 * Does what the platform's build does with a source folder (installs its package.json
 * dependencies: here, links the copies of this workspace after checking that their
 * versions are the ones pinned), then serves it as Cloud Run functions does:
 * `functions-framework --source=<dir> --target=<name>` with the platform's environment.
 */
export async function serveFolder(dir: string, target: string, env: Record<string, string> = {}): Promise<ServedFolder> {
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const [name, version] of Object.entries(manifest.dependencies)) {
    const installed = name === '@google-cloud/functions-framework' ? frameworkDir : packageDirOf(name);
    const actual = (JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { version: string }).version;
    if (actual !== version) throw new Error(`${name}: the folder pins ${version}, the workspace has ${actual}`);
    await linkPackages(dir, [[name, installed]]);
  }
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [join(frameworkDir, 'build', 'src', 'main.js'), `--target=${target}`, `--source=${dir}`, `--port=${port}`], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, TZ: 'UTC', NODE_ENV: 'production', K_SERVICE: target, K_REVISION: `${target}-00001-abc`, K_CONFIGURATION: target, FUNCTION_TARGET: target, LOG_EXECUTION_ID: 'true', ...env },
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForPort(port, exited, () => output);
  } catch (error) {
    await close();
    throw error;
  }
  return { port, output: () => output, close };
}


async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, exited: Promise<void>, output: () => string, timeoutMs = 20_000): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`functions-framework exited before serving:\n${output().slice(-2000)}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`functions-framework did not listen within ${timeoutMs} ms:\n${output().slice(-2000)}`);
}
