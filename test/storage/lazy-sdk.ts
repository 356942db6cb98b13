/**
 * Shared by the lazy-SDK tests of the cloud drivers: bundle a module with esbuild the way a
 * deploy does, run it in a fresh Node, and count which files of the cloud's SDK that
 * process resolved — after importing the driver, after opening buckets, after a first call.
 * Two counts, summed: a module resolve hook sees what ESM code imports (the Azure SDK is
 * ESM; the hook runs on Node's loader thread, so it reports through a file), and
 * `require.cache` holds what CommonJS code loaded (the AWS SDK is CommonJS).
 */
import { build, type Metafile } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How the probe makes its buckets: JavaScript expressions, evaluated in the probe. */
export interface DriverProbe {
  /** The driver's entry, such as `@faasade/aws/s3`; it exports the driver class and `storageScheme`. */
  entry: string;
  /** The driver class's export name. */
  driverClass: string;
  /** Arguments of `new DriverClass(…)`. */
  driverOptions: string;
  /** The bucket URL for `openBucket(…)`. */
  url: string;
  /** What a resolved URL contains when it is a file of the SDK (`@aws-sdk`, `storage-blob`). */
  sdkMarker: string;
  /** The SDK packages left out of the bundle, as esbuild patterns (`@aws-sdk/*`). */
  external: string[];
}

/** What the probe printed: SDK files resolved at each step, and the call's outcome. */
export interface ProbeResult {
  afterImport: number;
  afterOpen: number;
  afterCall: number;
  read?: string;
  code?: string;
  message?: string;
}

/** A temporary folder to bundle probes into; the SDK can be "installed" beside them. */
export class ProbeFolder {
  private constructor(readonly dir: string) {}

  static async create(prefix: string): Promise<ProbeFolder> {
    return new ProbeFolder(await mkdtemp(join(tmpdir(), prefix)));
  }

  /** Bundles `contents` (a module's source) to `<name>.mjs`, leaving `external` packages out. */
  async bundle(name: string, contents: string, external: string[] = []): Promise<{ file: string; metafile: Metafile }> {
    const file = join(this.dir, `${name}.mjs`);
    const { metafile } = await build({
      stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
      bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: file,
      external, conditions: ['source'], metafile: true, logLevel: 'error',
    });
    return { file, metafile };
  }

  /**
   * Bundles and runs the probe for `driver` with the SDK left external; `sdkFrom` is the
   * package whose node_modules then plays the deployment's (omit it: no SDK installed).
   */
  async probe(driver: DriverProbe, env: Record<string, string>, sdkFrom?: string): Promise<ProbeResult> {
    const { file } = await this.bundle(`probe-${Date.now()}`, probeSource(driver), driver.external);
    const hook = join(this.dir, 'hook.mjs');
    const log = join(this.dir, `sdk-${Date.now()}.log`);
    await writeFile(hook, hookSource(driver.sdkMarker));
    if (sdkFrom) await symlink(join(sdkFrom, 'node_modules'), join(this.dir, 'node_modules'), 'dir');
    try {
      const { stdout } = await run(process.execPath, [file], { env: { ...process.env, ...env, NODE_NO_WARNINGS: '1', SDK_HOOK: hook, SDK_LOG: log } });
      return JSON.parse(stdout) as ProbeResult;
    } finally {
      if (sdkFrom) await rm(join(this.dir, 'node_modules'));
    }
  }

  close(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

function hookSource(marker: string): string {
  return `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes(${JSON.stringify(marker)})) appendFileSync(process.env.SDK_LOG, result.url + '\\n');
  return result;
}`;
}

function probeSource(driver: DriverProbe): string {
  return `
    import { readFileSync, existsSync } from 'node:fs';
    import { createRequire, register } from 'node:module';
    import { pathToFileURL } from 'node:url';
    register(pathToFileURL(process.env.SDK_HOOK));
    const marker = ${JSON.stringify(driver.sdkMarker)};
    const cache = createRequire(import.meta.url).cache;
    const imported = () => existsSync(process.env.SDK_LOG) ? readFileSync(process.env.SDK_LOG, 'utf8').split('\\n').filter(Boolean).length : 0;
    const loaded = () => imported() + Object.keys(cache).filter((path) => path.includes(marker)).length;
    const result = {};
    const { ${driver.driverClass}: Driver, storageScheme } = await import(${JSON.stringify(driver.entry)});
    const { Bucket, openBucket, registerStorageScheme } = await import('@faasade/core/storage');
    registerStorageScheme(storageScheme); // what a bundled function does (see storageScheme)
    result.afterImport = loaded();
    const bucket = new Bucket(new Driver(${driver.driverOptions}));
    const byUrl = openBucket(${driver.url});
    result.afterOpen = loaded();
    try {
      await bucket.put('k', 'v');
      result.read = await byUrl.getText('k');
    } catch (error) {
      result.code = error.code;
      result.message = error.message;
    }
    result.afterCall = loaded();
    console.log(JSON.stringify(result));
  `;
}
