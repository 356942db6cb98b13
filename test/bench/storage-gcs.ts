/**
 * Streams one large object up and down through the GCS driver (`@faasade/gcp/gcs` behind
 * the portable `Bucket`) and through the raw `@google-cloud/storage` SDK, against the GCS
 * test server, in the same run. Reports MB/s and the peak RSS growth of the transferring
 * process, and driver/raw ratios. A third side, "raw-tuned", calls the SDK directly on the
 * client the driver builds (with the driver's CRC32C), isolating the portable layer's cost. Targets (issue 3): RSS growth < 100 MB, throughput
 * ≥ 0.9× raw.
 *
 * Each transfer runs in a fresh child process (so one transfer's heap cannot hide or
 * inflate another's RSS); the server runs in its own process too. The body is generated
 * as it is sent (a cycle of pre-made 1 MiB blocks), never held whole.
 *
 * Run: npx tsx test/bench/storage-gcs.ts [sizeMB=1024] [rounds=2]
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { startGcsServer } from '../servers/gcs.js';

const MiB = 1024 * 1024;
const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

type Direction = 'upload' | 'download';
/** Who moves the bytes: the driver, the raw SDK as configured by default, or the raw SDK on the client the driver configures (its CRC32C). */
type Side = 'driver' | 'raw' | 'raw-tuned';
type PhaseName = `${Side}-${Direction}`;

/** What one child reports. */
interface PhaseResult {
  bytes: number;
  seconds: number;
  /** Peak RSS during the transfer minus RSS just before it (after loading and a warm-up call). */
  rssGrowth: number;
  /** CPU time (user + system) this process spent on the transfer: steadier than MB/s on a busy machine. */
  cpuSeconds: number;
}

const KEY = 'bench/large-object.bin';

/** `bytes` of data as a Node stream, cycling through 16 random 1 MiB blocks made up front (outside the measurement). */
function generated(bytes: number): Readable {
  const blocks = Array.from({ length: 16 }, () => randomBytes(MiB));
  return Readable.from((function* () {
    for (let sent = 0, i = 0; sent < bytes; i++) {
      const block = blocks[i % blocks.length]!;
      const take = Math.min(block.length, bytes - sent);
      yield take === block.length ? block : block.subarray(0, take);
      sent += take;
    }
  })());
}

async function countBytes(body: AsyncIterable<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const chunk of body) total += chunk.byteLength;
  return total;
}

/** Samples RSS every 10 ms (and at the end) while `transfer` runs. */
async function sampled(transfer: () => Promise<number>): Promise<PhaseResult> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const bytes = await transfer();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { bytes, seconds, rssGrowth: peak - baseline, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * One transfer in this (child) process. Both sides load their code and make one small
 * request first, so connection set-up and module loading are outside the measurement.
 */
async function runPhase(phase: PhaseName, endpoint: string, bytes: number): Promise<PhaseResult> {
  const { Storage } = await import('@google-cloud/storage');
  const { Bucket } = await import('@faasade/core/storage');
  const { GcsDriver } = await import('@faasade/gcp/gcs');
  const clientOptions = { apiEndpoint: endpoint, projectId: 'bench' };
  const bucket = new Bucket(new GcsDriver({ bucket: 'bench', clientOptions }));
  if (phase.startsWith('raw')) {
    // raw-tuned: the SDK called directly, on the client the driver built (same options plus its CRC32C).
    const sdkBucket = phase.startsWith('raw-tuned')
      ? (await bucket.native()).client as import('@google-cloud/storage').Bucket
      : new Storage(clientOptions).bucket('bench');
    const file = sdkBucket.file(KEY);
    await file.exists();
    if (phase.endsWith('upload')) {
      const source = generated(bytes);
      return sampled(async () => {
        await pipeline(source, file.createWriteStream({ resumable: true, metadata: { contentType: 'application/octet-stream' } }));
        return Number((await file.getMetadata())[0].size);
      });
    }
    return sampled(() => countBytes(file.createReadStream()));
  }
  await bucket.exists(KEY);
  if (phase === 'driver-upload') {
    const source = generated(bytes);
    return sampled(async () => {
      await bucket.put(KEY, source, { contentType: 'application/octet-stream' });
      return (await bucket.head(KEY)).size;
    });
  }
  return sampled(async () => countBytes((await bucket.get(KEY)).body));
}

/** One measured transfer, in a fresh Node with the workspace's `source` condition. */
async function measure(phase: PhaseName, endpoint: string, bytes: number): Promise<PhaseResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...process.execArgv, '--conditions=source', '--expose-gc', self, '--phase', phase, endpoint, String(bytes)],
    { cwd: root, maxBuffer: 1 << 20, timeout: 30 * 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as PhaseResult;
}

async function main(): Promise<void> {
  const sizeMB = Number(process.argv[2] ?? 1024);
  const rounds = Number(process.argv[3] ?? 2);
  if (!Number.isInteger(sizeMB) || sizeMB < 1 || !Number.isInteger(rounds) || rounds < 1) {
    throw new Error('usage: npx tsx test/bench/storage-gcs.ts [sizeMB ≥ 1] [rounds ≥ 1]');
  }
  const bytes = sizeMB * MiB;
  const server = await startGcsServer();
  try {
    await server.createBucket('bench');
    console.log(`GCS driver vs raw @google-cloud/storage 7.22.0: ${sizeMB} MiB object, ${rounds} round(s), Node ${process.version}`);
    console.log(`server: GCS JSON API test server (separate process) at ${server.endpoint}\n`);
    const best = new Map<PhaseName, PhaseResult>();
    const sides: Side[] = ['raw', 'raw-tuned', 'driver'];
    console.log('round | transfer           |    MB/s | RSS growth (peak) | CPU s per GiB');
    console.log('------|--------------------|---------|-------------------|--------------');
    for (let round = 1; round <= rounds; round++) {
      // Alternate who goes first, so warm-up and page-cache effects do not favour one side.
      const ordered = round % 2 === 1 ? sides : [...sides].reverse();
      const phases = (['upload', 'download'] as const).flatMap((direction) => ordered.map((side): PhaseName => `${side}-${direction}`));
      for (const phase of phases) {
        const result = await measure(phase, server.endpoint, bytes);
        if (result.bytes !== bytes) throw new Error(`${phase} moved ${result.bytes} bytes, expected ${bytes}`);
        console.log(`${String(round).padStart(5)} | ${phase.padEnd(18)} | ${mbps(result).toFixed(1).padStart(7)} | ${mb(result.rssGrowth).padStart(14)} MB | ${cpuPerGiB(result).toFixed(2).padStart(12)}`);
        const previous = best.get(phase);
        best.set(phase, previous ? bestOf(previous, result) : result);
      }
    }
    report(best);
  } finally {
    await server.stop();
  }
}

function mbps(result: PhaseResult): number {
  return result.bytes / MiB / result.seconds;
}

function cpuPerGiB(result: PhaseResult): number {
  return result.cpuSeconds / (result.bytes / (1024 * MiB));
}

function mb(value: number): string {
  return (value / MiB).toFixed(1);
}

/** The faster run's speed, the larger run's memory, the cheaper run's CPU. */
function bestOf(a: PhaseResult, b: PhaseResult): PhaseResult {
  return { ...(a.seconds <= b.seconds ? a : b), rssGrowth: Math.max(a.rssGrowth, b.rssGrowth), cpuSeconds: Math.min(a.cpuSeconds, b.cpuSeconds) };
}

function report(best: Map<PhaseName, PhaseResult>): void {
  console.log('\nBest MB/s per side, largest RSS growth, least CPU. Ratios are driver ÷ other side (MB/s; for CPU');
  console.log('the other side ÷ driver, so above 1 means the driver is cheaper). Targets: MB/s ratio to raw ≥ 0.90,');
  console.log('RSS growth < 100 MB. "raw-tuned" calls the SDK directly on the client the driver builds (with its');
  console.log('CRC32C), so the driver ÷ raw-tuned columns show what the portable layer itself costs.\n');
  console.log('direction | side      |   MB/s | RSS growth | CPU s/GiB | MB/s ratio | CPU ratio');
  console.log('----------|-----------|--------|------------|-----------|------------|----------');
  for (const direction of ['upload', 'download'] as const) {
    const driver = best.get(`driver-${direction}`)!;
    for (const side of ['driver', 'raw', 'raw-tuned'] as const) {
      const result = best.get(`${side}-${direction}`)!;
      const ratios = side === 'driver' ? ''.padEnd(10) + ' | ' : `${(mbps(driver) / mbps(result)).toFixed(2).padStart(10)} | ${(result.cpuSeconds / driver.cpuSeconds).toFixed(2).padStart(9)}`;
      console.log(`${direction.padEnd(9)} | ${side.padEnd(9)} | ${mbps(result).toFixed(1).padStart(6)} | ${mb(result.rssGrowth).padStart(7)} MB | ${cpuPerGiB(result).toFixed(2).padStart(9)} | ${ratios}`);
    }
    const ok = mbps(driver) / mbps(best.get(`raw-${direction}`)!) >= 0.9 && driver.rssGrowth < 100 * MiB;
    console.log(`${direction.padEnd(9)} | targets   | ${ok ? 'met' : 'MISSED'}`);
  }
}

if (process.argv[2] === '--phase') {
  const [, , , phase, endpoint, bytes] = process.argv;
  runPhase(phase as PhaseName, endpoint!, Number(bytes)).then(
    (result) => { process.stdout.write(`${JSON.stringify(result)}\n`); },
    (error: unknown) => { console.error(error); process.exitCode = 1; },
  );
} else {
  main().catch((error: unknown) => { console.error(error); process.exitCode = 1; });
}
