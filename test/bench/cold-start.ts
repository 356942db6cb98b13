/**
 * Cold-start report for the artifacts `faasade build` writes. For each target and example
 * function (hello, image-renditions, and read-object, a storage-using HTTP function):
 *
 * - sizes: what a cold start loads (index.mjs and the chunks it imports statically), the
 *   whole bundle (plus the chunks loaded on demand: the storage SDK), raw and gzip, and
 *   the deployable zip;
 * - import time: what importing the artifact's entry adds over an empty module in a fresh
 *   Node process (median of 15). The runtime library the platform loads before the
 *   function (@azure/functions, the Functions Framework with node:http) is stubbed and
 *   loaded before the timing starts, as on the platform; sharp is real;
 * - the storage SDK: whether any of it is in what a cold start loads (it must not be);
 * - hello's first request on AWS after its import (what a cold start costs beyond the import);
 * - first-call latency of read-object against each cloud's local stand-in (s3rver,
 *   Azurite, the GCS test server) in fresh processes: the first call loads the SDK chunks.
 *
 * Targets (issue 6): hello ≤ 10 KB gzip per target and ≤ 2 ms over an empty module.
 * Reference: hono's Lambda adapter bundled the same way.
 *
 * Run: npm run bench -- cold-start (or npx tsx --conditions=source test/bench/cold-start.ts);
 * what each module adds to hello: npx tsx --conditions=source test/bench/cold-start-analyze.ts
 */
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTarget, BUILD_TARGETS, type BuiltFunction } from '../../packages/cli/src/build/index.js';
import { CLOUD_MODULES } from '../../packages/cli/src/build/entries.js';
import { addedImportMs, firstRequestMs, measurableCopy, RUNS, sizes } from './cold-start-measure.js';
import { firstCallLatency } from './cold-start-storage.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const READ_OBJECT = join(repo, 'test/deploy/fixtures/read-object.ts');
const MODULES = [join(repo, 'packages/functions/hello'), join(repo, 'packages/functions/image-renditions'), READ_OBJECT];
const dir = mkdtempSync(join(tmpdir(), 'faasade-cold-'));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(2)} ms`;

try {
  const [emptyA, emptyB] = [join(dir, 'empty-a.mjs'), join(dir, 'empty-b.mjs')];
  for (const file of [emptyA, emptyB]) writeFileSync(file, 'export {};\n');
  const added = (file: string, platform?: string) => addedImportMs(file, emptyA, emptyB, platform);
  let awsHello: string | undefined;
  console.log(`Node ${process.version}; import times: median of ${RUNS} fresh processes, each timing an empty module and the entry after the loader has started\n`);
  console.log('| target | function | cold-start load raw / gzip | whole bundle raw / gzip | zip | import − empty | SDK on cold start |');
  console.log('|---|---|---|---|---|---|---|');
  for (const target of BUILD_TARGETS) {
    const result = await buildTarget({ target, modules: MODULES, cwd: repo, outDir: join(dir, target) });
    for (const fn of result.functions) {
      const eager = sizes(fn.bundleDir, fn.entryFiles);
      const whole = sizes(fn.bundleDir, bundleFiles(fn));
      const zip = fn.zip ? kb(statSync(fn.zip).size) : '—';
      const copy = measurableCopy(fn, join(dir, 'measure', target, fn.name), CLOUD_MODULES[target].runtimeLibrary);
      const importAdded = added(copy.entry, copy.platform);
      // What importing the runtime library by name costs an entry (resolution, one more module edge), apart from our code.
      const libraryEdge = copy.platform ? added(libraryOnly(copy.entry, CLOUD_MODULES[target].runtimeLibrary!), copy.platform) : undefined;
      if (target === 'aws' && fn.name === 'hello') awsHello = copy.entry;
      const sdkEager = fn.bundledPackages.filter((pkg) => !pkg.lazy).map((pkg) => pkg.name);
      console.log(`| ${target} | ${fn.name} | ${kb(eager.raw)} / ${kb(eager.gzip)} | ${kb(whole.raw)} / ${kb(whole.gzip)} | ${zip} | ${ms(importAdded)}${libraryEdge === undefined ? '' : ` (of which importing ${CLOUD_MODULES[target].runtimeLibrary}: ${ms(libraryEdge)})`} | ${sdkEager.length ? sdkEager.join(', ') : 'none (lazy: ' + fn.bundledPackages.length + ' packages)'} |`);
    }
  }
  const hono = await honoReference();
  console.log(`| reference | hono on Lambda | ${kb(hono.raw)} / ${kb(hono.gzip)} | — | — | ${ms(added(hono.file))} | — |`);
  // The floor under any import time: V8 must parse (pre-parse) every byte of a module even
  // if none of it runs. The same code wrapped in a function that is never called.
  console.log('\nParsing alone (the same code inside a function that is never called; import − empty):\n');
  for (const [name, file] of [['hono on Lambda', hono.file], ['hello on AWS', awsHello]] as const) {
    if (!file) continue;
    const unused = unexecutedCopy(file);
    console.log(`- ${name}: ${kb(statSync(unused).size)} → ${ms(added(unused))}`);
  }
  if (awsHello) {
    const event = JSON.parse(readFileSync(join(repo, 'test/fixtures/vendor-events/aws/function-url-captured-get.json'), 'utf8').replace(/^\uFEFF/, '')) as { rawPath: string; requestContext: { http: { path: string } } };
    event.rawPath = event.requestContext.http.path = '/hello';
    console.log(`\nhello's first request on AWS after the import (a Function URL GET, fresh processes, median of ${RUNS}): ${ms(firstRequestMs(awsHello, event))}`);
  }

  console.log('\nFirst calls of read-object (GET one small object), median of 7 fresh processes each:\n');
  console.log('| target | import | first call (loads the SDK) | second call |');
  console.log('|---|---|---|---|');
  for (const target of BUILD_TARGETS) {
    const latency = await firstCallLatency(target, READ_OBJECT, join(dir, 'first-call', target));
    console.log(`| ${target} | ${ms(latency.importMs)} | ${ms(latency.firstCallMs)} | ${ms(latency.secondCallMs)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// A module beside the entry that imports only the runtime library, as the entry does.
function libraryOnly(entry: string, runtimeLibrary: string): string {
  const file = join(dirname(entry), 'library-only.mjs');
  writeFileSync(file, `import * as library from ${JSON.stringify(runtimeLibrary)};\nexport const used = library;\n`);
  return file;
}

// `file`'s code as the body of a function nothing calls: parsed at import, never run.
function unexecutedCopy(file: string): string {
  const code = readFileSync(file, 'utf8').replace(/export\s*\{[^}]*\};?\s*$/, '');
  if (/^import[\s{*]/m.test(code)) throw new Error(`${file} has static imports: cannot wrap it`);
  const copy = file.replace(/\.mjs$/, '.unexecuted.mjs');
  writeFileSync(copy, `function neverCalled() {\n${code}\n}\nexport { neverCalled };\n`);
  return copy;
}

function bundleFiles(fn: BuiltFunction): string[] {
  return readdirSync(fn.bundleDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.mjs') && !file.startsWith('node_modules'));
}

async function honoReference(): Promise<{ file: string; raw: number; gzip: number }> {
  const file = join(dir, 'hono.mjs');
  await build({
    stdin: { contents: `import { Hono } from 'hono'; import { handle } from 'hono/aws-lambda'; const app = new Hono(); app.get('/hello', (c) => c.json({ message: 'Hello, ' + (c.req.query('name') || 'World') + '!' })); export const handler = handle(app);`, resolveDir: join(repo, 'test'), loader: 'ts' },
    bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node20', outfile: file, logLevel: 'error',
  });
  return { file, ...sizes(dir, ['hono.mjs']) };
}
