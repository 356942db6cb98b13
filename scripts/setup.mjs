#!/usr/bin/env node
// Installs what a quickstart command needs, on a machine with only Node 20 and npm.
//   node scripts/setup.mjs demo  → workspace dependencies, then a build of the packages
//   node scripts/setup.mjs test  → the same, plus the test-only native runtime (aws-lambda-ric)
// pnpm comes through npx (corepack's signature check fails on these machines). pnpm 10
// runs no dependency build scripts except those in pnpm-workspace.yaml, so the demo never
// waits for aws-lambda-ric's native addon; the test setup builds it once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2];
const PNPM = ['-y', 'pnpm@10.34.9'];

if (mode !== 'demo' && mode !== 'test') {
  console.error('usage: node scripts/setup.mjs demo|test');
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`faasade needs Node.js 20.19 or newer; this is ${process.version}.`);
  process.exit(1);
}

function run(step, command, args) {
  console.log(`› ${step}`);
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`✗ ${step} failed (${command} ${args.join(' ')} exited with ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

run('installing dependencies (pnpm, from the lockfile)', 'npx', [...PNPM, 'install', '--frozen-lockfile', '--reporter=silent']);
run('building packages', 'npx', [...PNPM, 'run', '--silent', 'build']);
if (mode === 'test') {
  const ensureRic = join(root, 'test/aws/ensure-ric.mjs');
  if (existsSync(ensureRic)) run('building aws-lambda-ric (test-only native runtime; minutes the first time)', process.execPath, [ensureRic]);
}
