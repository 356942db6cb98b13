/**
 * Cold-start report for the hello function: for each target, bundle hello with core and
 * that cloud's adapter the way a deploy would (esbuild, minified, Node 20), then measure
 * the bundle's size (raw and gzip) and what importing it adds in a fresh process (median
 * of 15) over an empty module. Runtime libraries the platform loads anyway are left
 * external and named in the output: @azure/functions (the Functions host's programming
 * model, shipped in the app's node_modules) and the Functions Framework (it loads us).
 *
 * Run: npx tsx test/bench/cold-start.ts
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const RUNS = 15;
const targets = [
  { name: 'aws', entry: `import hello from '@faasade/hello'; import { lambdaHandler } from '@faasade/aws'; export const handler = lambdaHandler(hello);`, external: [] as string[] },
  { name: 'azure', entry: `import hello from '@faasade/hello'; import { azureHandler } from '@faasade/azure'; export const handler = azureHandler(hello);`, external: ['@azure/functions'] },
  { name: 'gcp', entry: `import hello from '@faasade/hello'; import { gcpHandler } from '@faasade/gcp'; export const handler = gcpHandler(hello);`, external: ['@google-cloud/functions-framework'] },
  { name: 'hono (reference)', entry: `import { Hono } from 'hono'; import { handle } from 'hono/aws-lambda'; const app = new Hono(); app.get('/hello', (c) => c.json({ message: 'Hello, ' + (c.req.query('name') || 'World') + '!' })); export const handler = handle(app);`, external: [] },
];

const dir = mkdtempSync(join(tmpdir(), 'faasade-cold-'));
const emptyModule = join(dir, 'empty.mjs');
writeFileSync(emptyModule, 'export {};\n');

function importMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
  samples.sort((a, b) => a - b);
  return samples[Math.floor(RUNS / 2)]!;
}

const empty = importMs(emptyModule);
console.log(`Node ${process.version}; import of an empty module: ${empty.toFixed(2)} ms (median of ${RUNS})\n`);
console.log('target            | bundle raw | gzip     | import − empty | external');
console.log('------------------|------------|----------|----------------|---------');
for (const target of targets) {
  const outfile = join(dir, `${target.name.split(' ')[0]}.mjs`);
  await build({
    stdin: { contents: target.entry, resolveDir: join(import.meta.dirname, '..'), loader: 'ts' },
    bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node20',
    outfile, external: target.external, conditions: ['source'], logLevel: 'error',
  });
  const code = readFileSync(outfile);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padEnd(8);
  // Externals would add the library's own load time; measure our bundle alone by stubbing them.
  const measured = target.external.length ? stubExternals(outfile, target.external) : outfile;
  const added = importMs(measured) - empty;
  console.log(`${target.name.padEnd(17)} | ${kb(code.byteLength)}   | ${kb(gzipSync(code).byteLength)} | ${`${added.toFixed(2)} ms`.padEnd(14)} | ${target.external.join(', ') || '—'}`);
}

function stubExternals(file: string, externals: string[]): string {
  let code = readFileSync(file, 'utf8');
  for (const name of externals) {
    const stub = join(dir, `${name.replace(/[@/]/g, '_')}.mjs`);
    writeFileSync(stub, 'export const app = { http() {} }; export const http = () => {}; export default { http() {} };\n');
    code = code.replaceAll(JSON.stringify(name), JSON.stringify(stub));
  }
  const out = file.replace(/\.mjs$/, '.stubbed.mjs');
  writeFileSync(out, code);
  return out;
}
