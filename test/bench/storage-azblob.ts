/**
 * Streams one large object up and down through the Azure Blob driver (a `Bucket` over
 * `AzureBlobDriver`) and through the raw `@azure/storage-blob` SDK doing the same transfer
 * (`BlockBlobClient.uploadStream` with the driver's default 8 MiB blocks × 5, `download()`),
 * against Azurite 3.35.0 with disk persistence (so a 1 GB blob is not kept in the
 * emulator's memory; it runs in its own process and is not counted anyway). Reports MB/s
 * and the peak RSS growth of this process per transfer, and the driver/raw ratios.
 * The body is generated as it is sent and counted as it is read: never held whole.
 * Targets (issue 3): RSS growth under 100 MB; driver throughput at least 0.9 × raw SDK.
 *
 * Run: npx tsx test/bench/storage-azblob.ts [sizeMB]   (default 1024). Each of
 * BENCH_ROUNDS rounds (default 3) runs both sides, alternating which goes first; the
 * summary keeps each side's best throughput (other load only slows a run down) and worst
 * RSS growth. A warm-up transfer first loads the SDK on both sides.
 * AZURITE_PERSISTENCE=memory runs Azurite in memory instead (needs RAM for every copy).
 */
import { spawnSync } from 'node:child_process';

// Workspace packages resolve to their TypeScript sources only under the `source`
// condition, and gc() lets each transfer start from a settled heap: re-run with both.
if (!process.execArgv.includes('--conditions=source')) {
  const args = [...process.execArgv, '--conditions=source', '--expose-gc', ...process.argv.slice(1)];
  process.exit(spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1);
}

const { BlobServiceClient } = await import('@azure/storage-blob');
const { Bucket } = await import('@faasade/core/storage');
const { AzureBlobDriver } = await import('@faasade/azure/blob');
const { patternNodeStream } = await import('@faasade/contract');
const { startAzurite } = await import('../servers/azurite.js');

const MiB = 1024 * 1024;
const BLOCK_SIZE = 8 * MiB; // the driver's defaults, given to the raw SDK too
const CONCURRENCY = 5;
const sizeMB = Number(process.argv[2] ?? 1024);
if (!Number.isInteger(sizeMB) || sizeMB < 1) throw new Error(`size must be a whole number of MB, got ${process.argv[2]}`);
const size = sizeMB * MiB;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const CONTAINER = 'bench';

interface Measured { mbps: number; rssGrowthMB: number }
type Side = 'raw' | 'driver';
type Direction = 'up' | 'down';

/** Runs `transfer` while sampling this process's RSS; growth is over the RSS at the start. */
async function measure(transfer: () => Promise<number>): Promise<Measured> {
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
  const started = performance.now();
  const bytes = await transfer().finally(() => clearInterval(sampler));
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  if (bytes !== size) throw new Error(`transferred ${bytes} bytes, expected ${size}`);
  return { mbps: size / MiB / seconds, rssGrowthMB: (peak - baseline) / MiB };
}

async function count(body: AsyncIterable<Uint8Array> | undefined): Promise<number> {
  let bytes = 0;
  for await (const chunk of body ?? []) bytes += chunk.byteLength;
  return bytes;
}

const azurite = await startAzurite({ persistence: (process.env.AZURITE_PERSISTENCE ?? 'disk') as 'disk' | 'memory' });
// Separate clients, so neither side reuses the other's sockets.
const raw = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(CONTAINER);
const bucket = new Bucket(new AzureBlobDriver({ connectionString: azurite.connectionString, container: CONTAINER }));

async function rawUpload(name: string, bytes: number): Promise<number> {
  await raw.getBlockBlobClient(name).uploadStream(patternNodeStream(1, bytes), BLOCK_SIZE, CONCURRENCY);
  return bytes;
}
async function rawDownload(name: string): Promise<number> {
  return count((await raw.getBlobClient(name).download()).readableStreamBody as AsyncIterable<Uint8Array> | undefined);
}
async function driverUpload(name: string, bytes: number): Promise<number> {
  await bucket.put(name, patternNodeStream(1, bytes));
  return bytes;
}
async function driverDownload(name: string): Promise<number> {
  return count((await bucket.get(name)).body as unknown as AsyncIterable<Uint8Array>);
}

const run: Record<Side, Record<Direction, () => Promise<Measured>>> = {
  raw: { up: () => measure(() => rawUpload('raw.bin', size)), down: () => measure(() => rawDownload('raw.bin')) },
  driver: { up: () => measure(() => driverUpload('driver.bin', size)), down: () => measure(() => driverDownload('driver.bin')) },
};
const best: Record<Side, Record<Direction, Measured>> = {
  raw: { up: { mbps: 0, rssGrowthMB: 0 }, down: { mbps: 0, rssGrowthMB: 0 } },
  driver: { up: { mbps: 0, rssGrowthMB: 0 }, down: { mbps: 0, rssGrowthMB: 0 } },
};

try {
  await azurite.createContainer(CONTAINER);
  console.log(`Node ${process.version}, Azurite 3.35.0 (disk) at ${azurite.blobEndpoint}; object ${sizeMB} MB; ${rounds} round(s)\n`);
  await rawUpload('warm.bin', 16 * MiB);
  await rawDownload('warm.bin');
  await driverUpload('warm.bin', 16 * MiB);
  await driverDownload('warm.bin');
  for (let round = 0; round < rounds; round++) {
    const order: Side[] = round % 2 === 0 ? ['raw', 'driver'] : ['driver', 'raw'];
    for (const direction of ['up', 'down'] as const) {
      for (const side of order) {
        const result = await run[side][direction]();
        console.log(`round ${round + 1} ${direction.padEnd(4)} ${side.padEnd(6)} ${result.mbps.toFixed(1).padStart(7)} MB/s  RSS +${result.rssGrowthMB.toFixed(1)} MB`);
        const kept = best[side][direction];
        kept.mbps = Math.max(kept.mbps, result.mbps);
        kept.rssGrowthMB = Math.max(kept.rssGrowthMB, result.rssGrowthMB);
      }
    }
  }
  console.log('\ndirection | raw SDK MB/s | driver MB/s | driver/raw | raw RSS growth | driver RSS growth | targets (≥ 0.9×, < 100 MB)');
  console.log('----------|--------------|-------------|------------|----------------|-------------------|---------------------------');
  for (const direction of ['up', 'down'] as const) {
    const { raw: r, driver: d } = { raw: best.raw[direction], driver: best.driver[direction] };
    const ratio = d.mbps / r.mbps;
    const verdict = `${ratio >= 0.9 ? 'ok' : 'SLOW'}, ${d.rssGrowthMB < 100 ? 'ok' : 'TOO MUCH MEMORY'}`;
    console.log([
      (direction === 'up' ? 'upload' : 'download').padEnd(9), r.mbps.toFixed(1).padStart(12), d.mbps.toFixed(1).padStart(11),
      ratio.toFixed(2).padStart(10), `${r.rssGrowthMB.toFixed(1)} MB`.padStart(14), `${d.rssGrowthMB.toFixed(1)} MB`.padStart(17), verdict,
    ].join(' | '));
  }
} finally {
  await bucket.close();
  await azurite.stop();
}
