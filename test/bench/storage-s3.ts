/**
 * Streams one large object up and down through the S3 driver (a `Bucket` over `S3Driver`)
 * and through the raw AWS SDK (lib-storage `Upload`, `GetObject`) against s3rver 3.7.1,
 * in the same process and run, and reports MB/s and peak RSS growth of this process for
 * each transfer (s3rver runs in its own process, so its memory is not counted).
 * The body is generated as it is sent and counted as it is read: never held whole.
 * Targets (issue 3): RSS growth under 100 MB; driver throughput at least 0.9 × raw SDK.
 *
 * Run: npx tsx test/bench/storage-s3.ts [sizeMB]   (default 1024). Each of BENCH_ROUNDS
 * rounds (default 3) runs both sides, alternating which goes first; the table shows each
 * side's best throughput, worst RSS growth and least CPU time, since other work on the
 * machine only ever slows a transfer down. A small warm-up transfer first loads the SDK on both sides, so
 * module loading is not counted as memory growth.
 */
import { spawnSync } from 'node:child_process';

// Workspace packages must resolve to their TypeScript sources, and gc() must be callable
// so each phase starts from a settled heap: re-run under those flags once.
if (!process.execArgv.includes('--conditions=source')) {
  const child = spawnSync(process.execPath, [...process.execArgv, '--conditions=source', '--expose-gc', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
const { Upload } = await import('@aws-sdk/lib-storage');
const { Bucket } = await import('@faasade/core/storage');
const { S3Driver } = await import('@faasade/aws/s3');
const { patternNodeStream } = await import('@faasade/contract');
const { startS3rver } = await import('../servers/s3rver.js');

const MiB = 1024 * 1024;
const sizeMB = Number(process.argv[2] ?? 1024);
if (!Number.isInteger(sizeMB) || sizeMB < 1) throw new Error(`size must be a whole number of MB, got ${process.argv[2]}`);
const size = sizeMB * MiB;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const NAME = 'bench';

interface Measured { mbps: number; rssGrowthMB: number; cpuSeconds: number }

/** Runs `transfer` and samples this process's RSS meanwhile; growth is over the RSS at the start. */
async function measure(transfer: () => Promise<number>): Promise<Measured> {
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const bytes = await transfer();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  if (bytes !== size) throw new Error(`transferred ${bytes} bytes, expected ${size}`);
  return { mbps: size / MiB / seconds, rssGrowthMB: (peak - baseline) / MiB, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function count(body: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of body) bytes += chunk.byteLength;
  return bytes;
}

const s3 = await startS3rver();
const rawClient = new S3Client(s3.clientConfig);
const driverClient = new S3Client(s3.clientConfig);
const bucket = new Bucket(new S3Driver({ bucket: NAME, client: driverClient, conditionalWrites: false }));

const sides = {
  raw: {
    up: () => measure(async () => {
      await new Upload({ client: rawClient, params: { Bucket: NAME, Key: 'raw.bin', Body: patternNodeStream(1, size) } }).done();
      return size;
    }),
    down: () => measure(async () => {
      const { Body } = await rawClient.send(new GetObjectCommand({ Bucket: NAME, Key: 'raw.bin' }));
      return count(Body as AsyncIterable<Uint8Array>);
    }),
  },
  driver: {
    up: () => measure(async () => {
      await bucket.put('driver.bin', patternNodeStream(1, size));
      return size;
    }),
    down: () => measure(async () => {
      const { body } = await bucket.get('driver.bin');
      return count(body as unknown as AsyncIterable<Uint8Array>);
    }),
  },
};

/** Loads every module and opens connections on both sides with an 8 MiB object. */
async function warmUp(): Promise<void> {
  const small = 8 * MiB;
  await new Upload({ client: rawClient, params: { Bucket: NAME, Key: 'warm.bin', Body: patternNodeStream(2, small) } }).done();
  await count((await rawClient.send(new GetObjectCommand({ Bucket: NAME, Key: 'warm.bin' }))).Body as AsyncIterable<Uint8Array>);
  await bucket.put('warm.bin', patternNodeStream(2, small));
  await count((await bucket.get('warm.bin')).body as unknown as AsyncIterable<Uint8Array>);
}

type Side = keyof typeof sides;
function none(): Measured { return { mbps: 0, rssGrowthMB: 0, cpuSeconds: Infinity }; }
type Direction = 'up' | 'down';
const best: Record<Side, Record<Direction, Measured>> = {
  raw: { up: none(), down: none() },
  driver: { up: none(), down: none() },
};

try {
  await s3.createBucket(NAME);
  console.log(`Node ${process.version}, s3rver 3.7.1 at ${s3.endpoint}; object ${sizeMB} MB; ${rounds} round(s)\n`);
  await warmUp();
  for (let round = 0; round < rounds; round++) {
    const order: Side[] = round % 2 === 0 ? ['raw', 'driver'] : ['driver', 'raw'];
    for (const direction of ['up', 'down'] as const) {
      for (const side of order) {
        const result = await sides[side][direction]();
        console.log(`round ${round + 1} ${direction.padEnd(4)} ${side.padEnd(6)} ${result.mbps.toFixed(1).padStart(7)} MB/s  RSS +${result.rssGrowthMB.toFixed(1)} MB  CPU ${result.cpuSeconds.toFixed(2)} s`);
        const kept = best[side][direction];
        if (result.mbps > kept.mbps) kept.mbps = result.mbps;
        kept.rssGrowthMB = Math.max(kept.rssGrowthMB, result.rssGrowthMB);
        kept.cpuSeconds = Math.min(kept.cpuSeconds, result.cpuSeconds);
      }
    }
  }
  // CPU time of this process is reported too: on a busy machine it is a steadier measure
  // of the driver's own cost than wall-clock throughput.
  console.log('\ndirection | raw SDK MB/s | driver MB/s | driver/raw | raw RSS growth | driver RSS growth | raw CPU | driver CPU | targets (≥ 0.9×, < 100 MB)');
  console.log('----------|--------------|-------------|------------|----------------|-------------------|---------|------------|---------------------------');
  for (const direction of ['up', 'down'] as const) {
    const raw = best.raw[direction];
    const driver = best.driver[direction];
    const ratio = driver.mbps / raw.mbps;
    const verdict = `${ratio >= 0.9 ? 'ok' : 'SLOW'}, ${driver.rssGrowthMB < 100 ? 'ok' : 'TOO MUCH MEMORY'}`;
    console.log(`${(direction === 'up' ? 'upload' : 'download').padEnd(9)} | ${raw.mbps.toFixed(1).padStart(12)} | ${driver.mbps.toFixed(1).padStart(11)} | ${ratio.toFixed(2).padStart(10)} | ${`${raw.rssGrowthMB.toFixed(1)} MB`.padStart(14)} | ${`${driver.rssGrowthMB.toFixed(1)} MB`.padStart(17)} | ${`${raw.cpuSeconds.toFixed(2)} s`.padStart(7)} | ${`${driver.cpuSeconds.toFixed(2)} s`.padStart(10)} | ${verdict}`);
  }
} finally {
  await bucket.close();
  rawClient.destroy();
  driverClient.destroy();
  await s3.stop();
}
