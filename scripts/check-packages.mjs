#!/usr/bin/env node
// Checks every published package the way its users' tools will see it: publint (the
// package.json/exports map against the files) and Are the Types Wrong (types resolve for
// ESM and CJS consumers under node10, node16 and bundler resolution). Needs a build first.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['packages/core', 'packages/adapters/aws', 'packages/adapters/azure', 'packages/adapters/gcp', 'packages/functions/hello', 'packages/functions/image-renditions', 'packages/cli', 'test/contract'];
const bin = (name) => join(root, 'node_modules/.bin', name);

let failed = 0;
for (const dir of packages) {
  const path = join(root, dir);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
  } catch {
    continue; // a package not created yet
  }
  for (const [tool, args] of [
    ['publint', [bin('publint'), '--strict', '--pack', 'npm', path]],
    // The "source" condition points at TypeScript for the workspace's own tools; attw
    // reports it as a false CJS/ESM mismatch, so it only checks the published conditions.
    ['attw', [bin('attw'), '--pack', path, '--format', 'table-flipped', '--profile', 'node16', '--exclude-entrypoints', 'package.json']],
  ]) {
    const result = spawnSync(args[0], args.slice(1), { cwd: root, encoding: 'utf8' });
    if (result.status === 0) {
      console.log(`✓ ${tool} ${manifest.name}`);
    } else {
      failed++;
      console.log(`✗ ${tool} ${manifest.name}\n${result.stdout}${result.stderr}`);
    }
  }
}
process.exit(failed === 0 ? 0 : 1);
