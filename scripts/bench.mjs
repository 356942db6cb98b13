#!/usr/bin/env node
// Runs the benchmarks in test/bench, one after another, each in its own process.
//   npm run bench                 every benchmark (the storage ones move 1 GB each: minutes)
//   npm run bench -- aws-http     only the named ones
// Benchmarks are never part of `npm test`: they measure, they do not assert.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCHES = {
  'aws-http': 'Lambda adapter per invocation vs a raw handler and hono/aws-lambda',
  'cold-start': 'bundle sizes and import time per target, first storage call',
  'dev-server': 'faasade dev requests/s vs bare node:http; start to ready',
  'dev-server-inprocess': 'what faasade dev adds per request in JavaScript, no sockets (steady to ±0.2 µs)',
  renditions: 'image pipeline vs hand-written sharp, time and peak RSS',
  observability: 'logging, tracing and metrics cost per invocation',
  soak: '100,000 invocations per adapter, heap growth',
  'storage-s3': '1 GB through the S3 driver vs the raw SDK (s3rver)',
  'storage-azblob': '1 GB through the Azure Blob driver vs the raw SDK (Azurite)',
  'storage-gcs': '1 GB through the GCS driver vs the raw SDK (GCS test server)',
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
// Benchmarks that run the built command (packages/cli/dist and the packages it imports):
// build them first, so a bench never measures a dist older than the source.
const RUN_BUILT = new Set(['dev-server']);
if ((wanted.length ? wanted : Object.keys(BENCHES)).some((name) => RUN_BUILT.has(name))) {
  console.log('building @faasade/cli and the packages it uses…');
  const pnpm = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const build = spawnSync(pnpm, ['-y', 'pnpm@10.34.9', '--filter', '@faasade/cli...', 'run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error(`✗ the build failed (exit ${build.status ?? build.signal}); run \`npm run build\` to see why`);
    process.exit(1);
  }
}

let failed = 0;
for (const [name, what] of Object.entries(BENCHES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n=== ${name}: ${what}\n`);
  const args = ['--expose-gc', '--import', 'tsx', '--conditions=source', join(root, 'test/bench', `${name}.ts`)];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`✗ ${name} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed ? 1 : 0);
