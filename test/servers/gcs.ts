import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnServer } from './child-process.js';
import { createGcsServer, type GcsServerOptions } from './gcs/server.js';
import { makeTempDir } from './temp-dir.js';

/** A running test GCS server, as returned by {@link startGcsServer}. */
export interface GcsServerHandle {
  /** Base URL, e.g. `http://127.0.0.1:41234`: pass it as `apiEndpoint`. */
  readonly endpoint: string;
  readonly projectId: string;
  /**
   * Options for `new Storage(...)`. A custom `apiEndpoint` makes @google-cloud/storage
   * skip authentication, so no credentials are needed (add some to sign URLs).
   */
  readonly storageOptions: { readonly apiEndpoint: string; readonly projectId: string };
  /** Child process id, or undefined when running in-process. */
  readonly pid: number | undefined;
  /** Creates a bucket (3–63 lowercase letters, digits, `-`, `_`, `.`). */
  createBucket(name: string): Promise<void>;
  /** Stops the server and deletes every object it stored. */
  stop(): Promise<void>;
}

/** Options for {@link startGcsServer}. */
export interface StartGcsServerOptions {
  /**
   * `'child'` (default) runs the server in its own process, like the other emulators, so
   * its memory and CPU do not count against the code under test (benchmarks);
   * `'in-process'` starts in milliseconds and is easy to debug.
   */
  mode?: 'child' | 'in-process';
  projectId?: string;
  /**
   * Service-account email → public key (PEM). When set, V4 signed URLs must be signed by
   * one of these keys (GOOG4-RSA-SHA256); otherwise signatures are not checked, only
   * expiry.
   */
  signedUrlKeys?: Record<string, string>;
}

const require = createRequire(import.meta.url);
const TSX = pathToFileURL(require.resolve('tsx')).href;
const MAIN = fileURLToPath(new URL('./gcs/main.ts', import.meta.url));

/**
 * Starts the GCS JSON API server written for these tests (no GCS emulator can be
 * installed here) on a free port. What it implements and ignores: README.md.
 *
 * @example
 * const gcs = await startGcsServer();
 * const storage = new Storage(gcs.storageOptions);
 * await gcs.createBucket('photos');
 */
export async function startGcsServer(options: StartGcsServerOptions = {}): Promise<GcsServerHandle> {
  const dir = await makeTempDir('gcs');
  const serverOptions: GcsServerOptions = {
    dataDir: dir.path,
    projectId: options.projectId ?? 'faasade-test',
    ...(options.signedUrlKeys ? { signedUrlKeys: options.signedUrlKeys } : {}),
  };
  let running: { endpoint: string; pid: number | undefined; stop(): Promise<void> };
  try {
    running = options.mode === 'in-process' ? await startInProcess(serverOptions) : await startChild(serverOptions);
  } catch (err) {
    await dir.remove();
    throw err;
  }
  const { endpoint } = running;
  return {
    endpoint,
    projectId: serverOptions.projectId,
    storageOptions: { apiEndpoint: endpoint, projectId: serverOptions.projectId },
    pid: running.pid,
    async createBucket(name) {
      const res = await fetch(`${endpoint}/storage/v1/b?project=${encodeURIComponent(serverOptions.projectId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      if (!res.ok) throw new Error(`GCS test server: creating bucket ${name} failed: ${res.status} ${await res.text()}`);
    },
    async stop() {
      await running.stop();
      await dir.remove();
    },
  };
}

async function startChild(serverOptions: GcsServerOptions) {
  const child = await spawnServer({
    name: 'GCS test server',
    args: ['--import', TSX, MAIN, JSON.stringify(serverOptions)],
    readyPattern: /listening on (http:\/\/[\d.]+:\d+)/,
  });
  return { endpoint: child.ready[1]!, pid: child.pid, stop: () => child.stop() };
}

async function startInProcess(serverOptions: GcsServerOptions) {
  const server = createGcsServer(serverOptions);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: undefined,
    async stop() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
