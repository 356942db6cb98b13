#!/usr/bin/env node
// The quickstart's main job: start faasade's local runtime on this repository's functions,
// call the hello API, drop sample pictures (and one file that is not a picture) into the
// local images bucket, wait for the image pipeline, and show what it made and where.
// Needs only the built packages (node scripts/setup.mjs demo); everything it writes lives
// in a temporary directory that is removed at the end (FAASADE_DEMO_KEEP=1 keeps it).
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDev } from '@faasade/cli';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 60_000;
// Times are from the process start (what a newcomer waits for), not from this line.
const seconds = () => `${(performance.now() / 1000).toFixed(1)} s`;

const work = await mkdtemp(join(tmpdir(), 'faasade-demo-'));
process.env.FAASADE_BUCKETS_DIR = work;
const images = join(work, 'images');

// What the runtime reports, kept for the progress line and the summary instead of printed.
const invocations = [];
const problems = [];
const reporter = {
  invocation: (report) => invocations.push(report),
  notice: () => {},
  problem: (code, message) => problems.push(`${message} [${code}]`),
  log: () => {},
  flush: () => {},
};

let dev;
let exitCode = 0;
try {
  console.log('\nfaasade demo — the functions in packages/functions, run locally by `faasade dev`\n');
  dev = await startDev({ root, port: 0, reporter, watch: false });
  for (const problem of problems) console.log(`  ! ${problem}`);
  for (const fn of dev.functions()) console.log(`  ${fn.name.padEnd(17)} ${fn.trigger.padEnd(7)} ${fn.serves}`);
  console.log(`  ready at ${dev.url} in ${seconds()}\n`);

  await callHello(dev.url);
  const sources = await dropSamples(join(images, 'uploads'));
  await waitForPipeline(sources.length);
  await printResults(sources);
  console.log(`\nThe same two functions run unchanged on AWS Lambda, Azure Functions and Cloud Functions.
Keep them running with \`npx faasade dev\` (drop pictures into .faasade/buckets/images/uploads/), and replay
a recorded cloud event with \`npx faasade invoke hello --cloud aws --event <API Gateway event file>\`.\n`);
} catch (error) {
  exitCode = 1;
  console.error(`\n✗ demo failed: ${error instanceof Error ? error.message : error}`);
  for (const problem of problems) console.error(`  ${problem}`);
} finally {
  await dev?.close();
  if (process.env.FAASADE_DEMO_KEEP) console.log(`(kept the bucket directory: ${work})`);
  else await rm(work, { recursive: true, force: true });
}
process.exit(exitCode);

async function callHello(url) {
  console.log('1. The hello API over HTTP:');
  const calls = [
    ['GET  /hello?name=Ada', '/hello?name=Ada'],
    ['POST /hello {"name":"Grace"}', '/hello', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Grace"}' }],
    ['POST /hello {"name":', '/hello', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }],
  ];
  for (const [label, path, init] of calls) {
    const response = await fetch(url + path, init);
    const body = await response.text();
    console.log(`   ${label.padEnd(30)} → ${response.status} ${body.length > 90 ? `${body.slice(0, 87)}…` : body}`);
  }
  const [cold, ...warm] = invocations.filter((i) => i.function === 'hello');
  console.log(`   first call a cold start (module init ${Math.round(cold.initMs)} ms), then warm: ${warm.map((i) => `${i.durationMs.toFixed(1)} ms`).join(', ')}\n`);
}

async function dropSamples(dir) {
  // sharp is the image pipeline's dependency; the samples are drawn with it.
  const sharp = createRequire(join(root, 'packages/functions/image-renditions/package.json'))('sharp');
  const samples = [
    { name: 'harbour.jpg', width: 1800, height: 1200, colors: ['#0b3d91', '#f4a259'], format: 'jpeg' },
    { name: 'portrait.png', width: 900, height: 1200, colors: ['#2a9d8f', '#e9c46a'], format: 'png' },
    { name: 'icon.webp', width: 480, height: 320, colors: ['#6d597a', '#e56b6f'], format: 'webp' },
  ];
  await mkdir(dir, { recursive: true });
  console.log(`2. Dropping files into the local images bucket, ${dir}:`);
  for (const sample of samples) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sample.width}" height="${sample.height}">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${sample.colors[0]}"/><stop offset="1" stop-color="${sample.colors[1]}"/></linearGradient></defs>
      <rect width="100%" height="100%" fill="url(#g)"/>
      <circle cx="${sample.width * 0.7}" cy="${sample.height * 0.35}" r="${Math.min(sample.width, sample.height) / 6}" fill="#fff" fill-opacity="0.6"/></svg>`;
    const bytes = await sharp(Buffer.from(svg))[sample.format]().toBuffer();
    await writeFile(join(dir, sample.name), bytes);
    console.log(`   uploads/${sample.name.padEnd(16)} ${sample.width}×${sample.height} ${sample.format}, ${kb(bytes.length)}`);
  }
  await writeFile(join(dir, 'notes.jpg'), 'These are meeting notes, not a photo.\n');
  console.log('   uploads/notes.jpg        text with a .jpg name (the pipeline should refuse it)\n');
  return [...samples.map((s) => s.name), 'notes.jpg'];
}

async function waitForPipeline(count) {
  const live = process.stdout.isTTY;
  let last = '';
  const deadline = performance.now() + TIMEOUT_MS;
  for (;;) {
    const done = invocations.filter((i) => i.function === 'image-renditions' && i.status !== 'failed').length;
    const failed = invocations.filter((i) => i.function === 'image-renditions' && i.status === 'failed' && i.retryInMs === undefined);
    const line = `3. Waiting for the image pipeline: ${done}/${count} uploads handled (${seconds()})`;
    if (live) process.stdout.write(`\r${line}`);
    else if (line.replace(/\(.*\)/, '') !== last) console.log(line);
    last = line.replace(/\(.*\)/, '');
    if (done >= count) break;
    if (failed.length > 0) throw new Error(`the pipeline failed for ${failed.map((i) => i.subject).join(', ')}`);
    if (performance.now() > deadline) throw new Error(`the pipeline did not finish within ${TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await dev.settled();
  if (live) process.stdout.write('\n');
  const runs = invocations.filter((i) => i.function === 'image-renditions');
  console.log(`   ${runs.length} invocations, one at a time: ${runs.map((i) => `${i.durationMs >= 1000 ? `${(i.durationMs / 1000).toFixed(1)} s` : `${Math.round(i.durationMs)} ms`}${i.coldStart ? ' (cold)' : ''}`).join(', ')}\n`);
}

async function printResults(sources) {
  console.log(`4. What it produced, in ${images}:`);
  const rows = [];
  let detail;
  for (const source of sources) {
    const name = source.slice(0, source.lastIndexOf('.'));
    const manifest = await readJson(join(images, 'processed%', `${name}%`, 'manifest.json'));
    if (manifest) {
      const widths = [...new Set(manifest.outputs.map((o) => o.width))].join(', ');
      const formats = [...new Set(manifest.outputs.map((o) => o.format))].join(' ');
      const bytes = manifest.outputs.reduce((sum, o) => sum + o.bytes, 0);
      rows.push([`uploads/${source}`, `${manifest.source.width}×${manifest.source.height}`, `${manifest.outputs.length} renditions: ${widths} px × ${formats}, ${kb(bytes)}`, `processed/${name}/`]);
      detail ??= manifest;
      continue;
    }
    const reason = await readJson(join(images, 'rejected%', `${source}.reason.json`));
    rows.push([`uploads/${source}`, '—', reason ? `rejected (${reason.code}): ${reason.reason}` : 'no output found', reason ? `rejected/${source}` : '']);
  }
  table(['source', 'pixels', 'result', 'where'], rows);
  if (detail) {
    console.log(`\n   ${detail.source.key} in detail (manifest at processed/${detail.source.key.slice(8, detail.source.key.lastIndexOf('.'))}/manifest.json):`);
    const outputs = [...detail.outputs].sort((a, b) => b.width - a.width || a.format.localeCompare(b.format));
    const files = await Promise.all(outputs.map((o) => stat(keyPath(o.key)).then((s) => s.size, () => undefined)));
    table(['rendition', 'size', 'bytes', 'type'], outputs.map((o, i) => [o.key, `${o.width}×${o.height}`, files[i] === undefined ? 'missing!' : kb(o.bytes), o.contentType]));
  }
}

// The fs driver names folders "<name>%" (see the storage README); keys here are plain.
function keyPath(key) {
  const parts = key.split('/');
  return join(images, ...parts.slice(0, -1).map((p) => `${p}%`), parts.at(-1));
}

async function readJson(path) {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `   ${cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd()}`;
  console.log(line(header));
  console.log(line(widths.map((w) => '─'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

function kb(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}
