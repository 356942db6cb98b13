/**
 * The image pipeline against hand-written sharp code producing the same outputs, on a
 * 12-megapixel photo-like JPEG (4000×3000), 3 widths × N formats, with a watermark.
 *
 *   faasade   renderRenditions() — what the function runs
 *   best raw  hand-written sharp: decode once with shrink-on-load, derive sizes, encode in parallel
 *   naive     one sharp pipeline per output, all in parallel
 *
 * Time: the pipeline and the best raw code alternate in one process (BENCH_PAIRS pairs,
 * default 10), the ratio of each pair taken; that is the figure the ≤ 1.1× target is read
 * on. Memory: each variant also runs in its own processes (so peak RSS is its own), in
 * rounds of alternating order (BENCH_ROUNDS, default 3), with their times for reference.
 * Run: npm run bench -- renditions   or   npx tsx test/bench/renditions.ts [iterations=5]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { photo } from '../shared/images.js';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import { DEFAULT_RENDITIONS, inspectSource, isRejection, renderRenditions, renderTextOverlay, type OutputFormat, type RenditionOptions } from '@faasade/image-renditions';

type Variant = 'faasade' | 'best-raw' | 'naive';
const WIDTHS = [320, 768, 1600];


function encoder(image: Sharp, format: OutputFormat): Sharp {
  const q = DEFAULT_RENDITIONS.quality[format];
  if (format === 'jpeg') return image.jpeg({ quality: q, mozjpeg: true });
  if (format === 'webp') return image.webp({ quality: q });
  return image.avif({ quality: q, effort: 2 });
}

// The same watermark geometry as the pipeline: text a quarter of the width.
function mark(width: number): OverlayOptions {
  const overlay = renderTextOverlay(DEFAULT_RENDITIONS.watermark, Math.max(1, Math.floor(width / 4 / (9 * 6 + 1))));
  return { input: overlay.input, raw: overlay.raw, gravity: 'southeast' };
}

async function bestRaw(input: Buffer, formats: OutputFormat[]): Promise<number> {
  const { data, info } = await sharp(input).rotate().resize({ width: WIDTHS.at(-1), withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  const outputs = await Promise.all(
    WIDTHS.map(async (width) => {
      const sized = await sharp(data, { raw }).resize({ width }).composite([mark(width)]).raw().toBuffer({ resolveWithObject: true });
      const r = { raw: { width: sized.info.width, height: sized.info.height, channels: sized.info.channels } };
      return Promise.all(formats.map((f) => encoder(sharp(sized.data, r), f).toBuffer()));
    }),
  );
  return outputs.flat().length;
}

async function naive(input: Buffer, formats: OutputFormat[]): Promise<number> {
  const jobs = WIDTHS.flatMap((width) => formats.map((f) => encoder(sharp(input).rotate().resize({ width }).composite([mark(width)]), f).toBuffer()));
  return (await Promise.all(jobs)).length;
}

async function ours(input: Buffer, formats: OutputFormat[]): Promise<number> {
  const options: RenditionOptions = { ...DEFAULT_RENDITIONS, widths: WIDTHS, formats };
  const source = await inspectSource(input, options);
  if (isRejection(source)) throw new Error(source.message);
  return (await renderRenditions(input, source, options)).length;
}

async function child(variant: Variant, formats: OutputFormat[], iterations: number, sourceFile: string): Promise<void> {
  const input = readFileSync(sourceFile);
  // What the process holds before any image work: node, the loaded modules, the source.
  const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;
  const run = { faasade: ours, 'best-raw': bestRaw, naive }[variant];
  await run(input, formats); // warm-up: libvips init, watermark render
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await run(input, formats);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ medianMs: times[Math.floor(times.length / 2)], peakRssMb: process.resourceUsage().maxRSS / 1024, baselineRssMb }));
}

/**
 * The pipeline and the best raw code called alternately in one process, `pairs` times after
 * a warm-up of each: both see the same JIT, libvips caches and machine load from moment to
 * moment, so the ratio of each pair is the steadiest time comparison this machine gives.
 */
async function interleaved(formats: OutputFormat[], pairs: number, sourceFile: string): Promise<void> {
  const input = readFileSync(sourceFile);
  await ours(input, formats);
  await bestRaw(input, formats);
  const timed = async (run: typeof ours) => {
    const t = performance.now();
    await run(input, formats);
    return performance.now() - t;
  };
  const result = { faasade: [] as number[], raw: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      result.faasade.push(await timed(ours));
      result.raw.push(await timed(bestRaw));
    } else {
      result.raw.push(await timed(bestRaw));
      result.faasade.push(await timed(ours));
    }
  }
  process.stdout.write(JSON.stringify(result));
}

const [mode, variantArg, formatsArg, iterArg, sourceArg] = process.argv.slice(2);
if (mode === '--child') {
  await child(variantArg as Variant, formatsArg!.split(',') as OutputFormat[], Number(iterArg), sourceArg!);
} else if (mode === '--interleaved') {
  await interleaved(formatsArg!.split(',') as OutputFormat[], Number(iterArg), sourceArg!);
} else {
  const iterations = Number(mode ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const self = fileURLToPath(import.meta.url);
  // Made once here, so no variant's peak memory includes encoding the test photo.
  const sourceDir = mkdtempSync(join(tmpdir(), 'renditions-bench-'));
  const sourceFile = join(sourceDir, 'source.jpg');
  writeFileSync(sourceFile, await photo(4000, 3000));
  console.log(`12 MP JPEG → ${WIDTHS.join('/')} px, watermark; per round each variant in a fresh process, median of ${iterations} after a warm-up; ${rounds} rounds in alternating order; sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, concurrency ${sharp.concurrency()}\n`);
  // Deployed functions that use sharp run with MALLOC_ARENA_MAX=2 (the build's templates set
  // it): glibc's default of one malloc arena per thread keeps freed image buffers mapped,
  // and peak RSS then grows with every libvips worker thread. Every variant runs with the
  // same setting; one extra run shows the glibc default.
  const measure = (variant: Variant, formats: OutputFormat[], env: NodeJS.ProcessEnv = { ...process.env, MALLOC_ARENA_MAX: '2' }) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=source', self, '--child', variant, formats.join(','), String(iterations), sourceFile], { encoding: 'utf8', env });
    return JSON.parse(out) as { medianMs: number; peakRssMb: number; baselineRssMb: number };
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const formats of [['webp', 'jpeg'], ['webp', 'avif', 'jpeg']] as OutputFormat[][]) {
    const variants: Variant[] = ['faasade', 'best-raw', 'naive'];
    const runs = new Map<Variant, Array<{ medianMs: number; peakRssMb: number; baselineRssMb: number }>>(variants.map((v) => [v, []]));
    // Rounds alternate the order, so whatever else loads the machine meanwhile falls on
    // every variant alike; ratios are taken within a round, then their median reported.
    for (let round = 0; round < rounds; round++) {
      for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) runs.get(variant)!.push(measure(variant, formats));
    }
    const raw = runs.get('best-raw')!;
    console.log(`formats: ${formats.join(' + ')} (${WIDTHS.length * formats.length} outputs)`);
    const pairs = Number(process.env.BENCH_PAIRS ?? 10);
    const alternating = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--conditions=source', self, '--interleaved', '', formats.join(','), String(pairs), sourceFile], { encoding: 'utf8', env: { ...process.env, MALLOC_ARENA_MAX: '2' } })) as { faasade: number[]; raw: number[] };
    const pairRatios = alternating.faasade.map((ms, i) => ms / alternating.raw[i]!);
    console.log(`  time, ${pairs} alternating pairs in one process: faasade ${median(alternating.faasade).toFixed(0)} ms, best raw ${median(alternating.raw).toFixed(0)} ms → ×${median(pairRatios).toFixed(2)} (median of the pairs' ratios; target ≤ 1.10)`);
    console.log('  each variant in its own processes (peak RSS is its own; times swing more):');
    for (const variant of variants) {
      const mine = runs.get(variant)!;
      const ratios = mine.map((r, i) => r.medianMs / raw[i]!.medianMs);
      const ms = mine.map((r) => r.medianMs);
      console.log(`  ${variant.padEnd(9)} ${median(ms).toFixed(0).padStart(6)} ms   ×${median(ratios).toFixed(2)} of best raw (per round: ${ratios.map((r) => r.toFixed(2)).join(', ')})   peak RSS ${Math.max(...mine.map((r) => r.peakRssMb)).toFixed(0)} MB (${Math.max(...mine.map((r) => r.peakRssMb - r.baselineRssMb)).toFixed(0)} MB over the process before its first image)`);
    }
    const { MALLOC_ARENA_MAX: _unset, ...glibcDefault } = process.env;
    const plain = measure('faasade', formats, glibcDefault);
    console.log(`  faasade without MALLOC_ARENA_MAX (glibc's default arenas): ${plain.medianMs.toFixed(0)} ms, peak RSS ${plain.peakRssMb.toFixed(0)} MB (${(plain.peakRssMb - plain.baselineRssMb).toFixed(0)} MB over the process before its first image)`);
    console.log();
  }
  rmSync(sourceDir, { recursive: true, force: true });
}
