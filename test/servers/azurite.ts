import { createRequire } from 'node:module';
import { spawnServer } from './child-process.js';
import { makeTempDir } from './temp-dir.js';

/** A running Azurite blob service, as returned by {@link startAzurite}. */
export interface AzuriteHandle {
  /** Blob service URL including the account, e.g. `http://127.0.0.1:41234/devstoreaccount1`. */
  readonly blobEndpoint: string;
  /** Connection string for `BlobServiceClient.fromConnectionString`. */
  readonly connectionString: string;
  /** Azurite's well-known development account name and key (public, not a secret). */
  readonly accountName: string;
  readonly accountKey: string;
  readonly pid: number;
  /** Creates a blob container (3–63 lowercase letters, digits and dashes). */
  createContainer(name: string): Promise<void>;
  /** Kills the server and deletes its working directory. */
  stop(): Promise<void>;
}

/** Options for {@link startAzurite}. */
export interface StartAzuriteOptions {
  /**
   * Keep blobs in Azurite's memory (default) or on disk under a temp dir. On disk keeps a
   * 1 GB benchmark object out of the emulator's RSS.
   */
  persistence?: 'memory' | 'disk';
}

const ACCOUNT_NAME = 'devstoreaccount1';
// Azurite's documented development key, the same on every installation.
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const require = createRequire(import.meta.url);
// azurite's package.json has no exports map; its blob entry is the `azurite-blob` bin.
const AZURITE_BLOB_MAIN = require.resolve('azurite/dist/src/blob/main.js');

/**
 * Starts Azurite 3.35.0's blob service in a child process on a free port
 * (`--skipApiVersionCheck --loose --disableTelemetry`, in memory by default).
 *
 * @example
 * const azurite = await startAzurite();
 * const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
 * await azurite.createContainer('photos');
 */
export async function startAzurite(options: StartAzuriteOptions = {}): Promise<AzuriteHandle> {
  const dir = await makeTempDir('azurite');
  // Azurite refuses --location together with --inMemoryPersistence; the temp dir is then
  // only its working directory (for any debug or extent files it might still write).
  const persistence = options.persistence === 'disk' ? ['--location', dir.path] : ['--inMemoryPersistence'];
  const child = await spawnServer({
    name: 'Azurite',
    args: [
      AZURITE_BLOB_MAIN,
      '--blobHost', '127.0.0.1',
      '--blobPort', '0',
      ...persistence,
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
    ],
    cwd: dir.path,
    readyPattern: /successfully listens on http:\/\/[\d.]+:(\d+)/,
  }).catch(async (err: unknown) => {
    await dir.remove();
    throw err;
  });
  const blobEndpoint = `http://127.0.0.1:${child.ready[1]}/${ACCOUNT_NAME}`;
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT_NAME};AccountKey=${ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`;
  return {
    blobEndpoint,
    connectionString,
    accountName: ACCOUNT_NAME,
    accountKey: ACCOUNT_KEY,
    pid: child.pid,
    async createContainer(name) {
      // Container creation needs a SharedKey signature: let the SDK sign it, loaded only here.
      const { BlobServiceClient } = await import('@azure/storage-blob');
      await BlobServiceClient.fromConnectionString(connectionString).createContainer(name);
    },
    async stop() {
      await child.stop();
      await dir.remove();
    },
  };
}
