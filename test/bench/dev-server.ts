/**
 * `faasade dev` against a bare node:http server, in the same run:
 *   1. HTTP requests per second for hello (GET /hello?name=Ada) through `faasade dev`
 *      (text output, to a file) and through a bare node:http server answering the same
 *      bytes. Target: ≥ 0.9× the bare server. A third server shows what an `async`
 *      handler costs: `faasade dev` serving the same answer from an async function (hello
 *      answers a GET without a promise).
 *   2. Start to ready: from spawning `faasade dev` on this repository's example functions
 *      (hello and the image pipeline) to its ready line, and the time the process itself
 *      reports (since its own start). Target: ≤ 500 ms.
 *
 * Both servers are child processes and the load comes from wrk when installed
 * (`apt-get install wrk`), else from a keep-alive load generator in this process. Rounds
 * alternate between the servers, so drift (other load on the machine) hits both alike.
 * The command runs from its build (packages/cli/dist; `npm run bench -- dev-server` builds
 * it first) when there is one, else from source through tsx (say which in the output). A
 * build older than the source it came from is refused: it would measure old code.
 *
 * Run: npx tsx test/bench/dev-server.ts   (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS,
 * BENCH_FIRST_STARTS, BENCH_STARTS, BENCH_WARMUP_SECONDS tune the run)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadWithNode } from './dev-server-load.js';

const root = join(import.meta.dirname, '..', '..');
const built = join(root, 'packages/cli/dist/bin.js');
const command = existsSync(built)
  ? { label: 'packages/cli/dist/bin.js', argv: [process.execPath, built] }
  : { label: 'packages/cli/src/bin.ts via tsx', argv: [process.execPath, '--conditions=source', '--import', pathToFileURL(join(root, 'node_modules/tsx/dist/esm/index.mjs')).href, join(root, 'packages/cli/src/bin.ts')] };

if (existsSync(built)) refuseStaleBuild(statSync(built).mtimeMs);

// Many short rounds rather than a few long ones: this VM changes speed within minutes, and
// each round's own ratio (both servers back to back) only holds when the pair is close in time.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const STARTS = Number(process.env.BENCH_STARTS ?? 7);
// Each server is loaded this long before the rounds, one after the other, so the servers
// started later sit idle for as long first, as a dev server does between its start and its
// first requests. That spell mattered: V8's memory reducer runs a full GC ~8 s into it (the
// bare server, having allocated next to nothing, runs none), and before faasade dev kept
// the shape of Node's tick objects alive (runtime/tick-shape.ts), that GC cost it ~10 % of
// its request rate for good: 0.82× after an 8 s warm-up against 0.93× after a 1 s one, the
// same hour (docs/cli.md). The long warm-up stays the default so the bench keeps going
// through that spell.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 8);
const FIRST_STARTS = Number(process.env.BENCH_FIRST_STARTS ?? 3);
const PATH = '/hello?name=Ada';

// The same answer hello gives, written the plainest way node:http allows.
const BARE_SERVER = `
require('node:http').createServer((req, res) => {
  const name = new URL(req.url, 'http://x').searchParams.get('name');
  const text = JSON.stringify({ message: 'Hello, ' + (name || 'World') + '!' });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}).listen(0, '127.0.0.1', function () { console.log('listening ' + this.address().port); });
`;

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Spawns a server and waits for its ready line. Its output goes to `outputFile` when given
 * (the server's writes cost what they cost; nothing else on the machine spends CPU reading
 * them, as a terminal on another core would not here), else through a pipe this process
 * reads and drops.
 */
function startChild(argv: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env, outputFile?: string, cwd = root): Promise<Server & { readyLine: string; elapsedMs: number }> {
  const started = performance.now();
  const stdout = outputFile === undefined ? 'pipe' : openSync(outputFile, 'w');
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', stdout, 'pipe'] });
  if (typeof stdout === 'number') closeSync(stdout);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const found = (): boolean => {
      const match = ready.exec(out);
      if (!match) return false;
      resolve({ url: match[1]!, child, readyLine: match[0], elapsedMs: performance.now() - started, stop: () => stop(child) });
      return true;
    };
    if (outputFile === undefined) {
      const onData = (chunk: string): void => {
        out += chunk;
        if (!found()) return;
        // From here on the output is read and dropped, as a terminal would take it.
        child.stdout!.off('data', onData);
        child.stdout!.on('data', () => {});
      };
      child.stdout!.setEncoding('utf8').on('data', onData);
    } else {
      const poll = setInterval(() => {
        out = readFileSync(outputFile, 'utf8');
        if (found()) clearInterval(poll);
      }, 5);
      child.once('exit', () => clearInterval(poll));
    }
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited with ${code}\n${out}\n${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

/** CPU time a process has used so far, in ms (Linux /proc; user and system, 10 ms ticks). */
function cpuMsOf(pid: number): { user: number; sys: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) * 10, sys: Number(fields[12]) * 10 };
}

interface Round {
  rate: number;
  /** Server CPU per request in µs: what the server itself spends, whatever else the machine runs. */
  cpuUs: number;
  /** The user-space part of it (JavaScript, V8, libuv): where the servers differ. */
  userUs: number;
}

/** One round of keep-alive load on `url`: rate, and the server's CPU per request. */
async function round(url: string, pid: number, seconds: number): Promise<Round> {
  const before = cpuMsOf(pid);
  const { rate, requests } = await load(url, seconds);
  const after = cpuMsOf(pid);
  const user = after.user - before.user;
  return { rate, cpuUs: ((user + after.sys - before.sys) * 1000) / requests, userUs: (user * 1000) / requests };
}

/** Requests per second (and how many) for `seconds` of keep-alive load on `url`. */
async function load(url: string, seconds: number): Promise<{ rate: number; requests: number }> {
  if (!hasWrk) {
    const rate = await loadWithNode(url, seconds, CONNECTIONS);
    return { rate, requests: rate * seconds };
  }
  // Asynchronously: this process must keep reading the dev server's output meanwhile, or
  // the pipe fills and its writes block (stdout to a pipe is synchronous on Linux).
  const result = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, stderr }));
  });
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(result.stdout);
  const requests = /(\d+) requests in/.exec(result.stdout);
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(result.stdout);
  if (!rate || !requests) throw new Error(`wrk gave no rate:\n${result.stdout}\n${result.stderr}`);
  if (errors) throw new Error(`wrk saw errors: ${errors[0]}`);
  return { rate: Number(rate[1]), requests: Number(requests[1]) };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// hello's GET as an async function: the same work, one promise turn more per request.
const ASYNC_MODULE = `import { json, onHttp } from '@faasade/core';
export default onHttp({ name: 'hello', route: '/hello', methods: ['GET', 'POST'] }, async (request) =>
  json({ message: \`Hello, \${new URL(request.url).searchParams.get('name') || 'World'}!\` }));
`;

/** A project holding only {@link ASYNC_MODULE}, with this workspace's core installed. */
function asyncProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faasade-bench-async-'));
  mkdirSync(join(dir, 'node_modules', '@faasade'), { recursive: true });
  symlinkSync(join(root, 'packages', 'core'), join(dir, 'node_modules', '@faasade', 'core'), 'dir');
  writeFileSync(join(dir, 'async-hello.ts'), ASYNC_MODULE);
  return dir;
}

type Which = 'bare' | 'dev' | 'async';
// The async handler is served from a project of its own (only it, no buckets and no image
// function beside it), which favours it slightly over hello's server.
const LABELS: Record<Which, string> = { bare: 'bare node:http', dev: 'faasade dev hello', async: 'async handler' };

async function throughput(): Promise<void> {
  const buckets = mkdtempSync(join(tmpdir(), 'faasade-bench-'));
  const project = asyncProject();
  const env = { ...process.env, FAASADE_BUCKETS_DIR: buckets, NO_COLOR: '1' };
  // The servers' output to files (BENCH_OUTPUT=pipe: through a pipe this process reads).
  const toFiles = process.env.BENCH_OUTPUT !== 'pipe';
  const logs = mkdtempSync(join(tmpdir(), 'faasade-bench-output-'));
  const output = (name: string) => (toFiles ? join(logs, `${name}.log`) : undefined);
  const bare = await startChild([process.execPath, '-e', BARE_SERVER], /listening (\d+)/, process.env, output('bare'));
  const dev = await startChild([...command.argv, 'dev', '--port', '0'], / at (http:\/\/\S+)/, env, output('dev'));
  const async = await startChild([...command.argv, 'dev', 'async-hello.ts', '--port', '0'], / at (http:\/\/\S+)/, env, output('async'), project);
  const servers: Record<Which, { url: string; pid: number }> = {
    bare: { url: `http://127.0.0.1:${bare.url}${PATH}`, pid: bare.child.pid! },
    dev: { url: `${dev.url}${PATH}`, pid: dev.child.pid! },
    async: { url: `${async.url}${PATH}`, pid: async.child.pid! },
  };
  const order: Which[] = ['bare', 'dev', 'async'];
  try {
    const answers = await Promise.all(order.map((which) => fetch(servers[which].url).then((r) => r.text())));
    if (new Set(answers).size !== 1) throw new Error(`the servers answer differently: ${answers.join(' vs ')}`);
    // Warm-up: JIT, the first (cold) invocation, connection set-up, the deoptimisation above.
    for (const which of order) await load(servers[which].url, WARMUP_SECONDS);
    const rounds: Record<Which, Round[]> = { bare: [], dev: [], async: [] };
    for (let i = 0; i < ROUNDS; i++) {
      // Each server goes first, second and third in turn: drift hits them alike.
      for (let j = 0; j < order.length; j++) {
        const which = order[(i + j) % order.length]!;
        rounds[which].push(await round(servers[which].url, servers[which].pid, SECONDS));
      }
    }
    const summary = (which: Which) => ({ rate: median(rounds[which].map((r) => r.rate)), cpuUs: median(rounds[which].map((r) => r.cpuUs)), userUs: median(rounds[which].map((r) => r.userUs)) });
    const b = summary('bare');
    console.log(`GET ${PATH}, ${CONNECTIONS} keep-alive connections, ${ROUNDS} rotating rounds × ${SECONDS} s, load from ${hasWrk ? 'wrk -t2' : 'node:http agent'}; servers' output to ${toFiles ? 'files' : 'a pipe this process reads'}`);
    for (const which of order) {
      const m = summary(which);
      console.log(`  ${LABELS[which].padEnd(19)} ${m.rate.toFixed(0).padStart(7)} req/s  ${m.cpuUs.toFixed(1).padStart(6)} µs CPU/request (${m.userUs.toFixed(1)} user)   (rounds: ${rounds[which].map((r) => r.rate.toFixed(0)).join(', ')})`);
    }
    for (const which of ['dev', 'async'] as const) {
      const m = summary(which);
      // Each round measures the servers back to back, so its own ratio is the least touched
      // by drift (this VM's speed changes by half within minutes); the medians above are not paired.
      const paired = rounds[which].map((r, i) => r.rate / rounds.bare[i]!.rate);
      const target = which === 'dev' ? ' (target ≥ 0.90×)' : '';
      console.log(`  ${LABELS[which]}: ${median(paired).toFixed(2)}× paired${target}, the median of each round's own ratio (${paired.map((r) => r.toFixed(2)).join(', ')}); ${(m.rate / b.rate).toFixed(2)}× by req/s; ${(b.cpuUs / m.cpuUs).toFixed(2)}× by server CPU per request; +${(m.userUs - b.userUs).toFixed(1)} µs user CPU per request`);
    }
    console.log('  (req/s swings with whatever else this machine runs; CPU per request is the steadier measure)\n');
  } finally {
    await Promise.all([bare.stop(), dev.stop(), async.stop()]);
    for (const dir of [buckets, logs, project]) rmSync(dir, { recursive: true, force: true });
  }
}

interface Start {
  /** Spawn to ready line, as the user waits. */
  wall: number;
  /** Wall and CPU time the process reports in its ready line (since its own start). */
  reported: number;
  cpu: number;
}

/** One `faasade dev` start to its ready line, stopped again. */
async function startOnce(): Promise<Start> {
  const buckets = mkdtempSync(join(tmpdir(), 'faasade-bench-'));
  const dev = await startChild([...command.argv, 'dev', '--port', '0', '--json'], /"event":"ready".*?"url":"([^"]+)".*?"readyMs":\d+,"cpuMs":\d+/, { ...process.env, FAASADE_BUCKETS_DIR: buckets });
  await dev.stop();
  rmSync(buckets, { recursive: true, force: true });
  return { wall: dev.elapsedMs, reported: Number(/"readyMs":(\d+)/.exec(dev.readyLine)![1]), cpu: Number(/"cpuMs":(\d+)/.exec(dev.readyLine)![1]) };
}

async function startToReady(): Promise<void> {
  if (FIRST_STARTS + STARTS === 0) return console.log('start to ready: not measured (BENCH_FIRST_STARTS=0, BENCH_STARTS=0)');
  const first: Start[] = [];
  const later: Start[] = [];
  const bare: number[] = [];
  // First starts have no cache: they bundle and load every module to learn what they
  // declare. Later starts find the modules unchanged, route from what they declared, and
  // start each instance on its first invocation (a cold start), as a cloud does.
  for (let i = 0; i < FIRST_STARTS + STARTS; i++) {
    if (i < FIRST_STARTS) rmSync(join(root, '.faasade', 'cache', 'modules'), { recursive: true, force: true });
    (i < FIRST_STARTS ? first : later).push(await startOnce());
    // The floor on this machine right now: Node starting an empty script.
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - started);
  }
  const line = (starts: Start[]) => starts.length === 0 ? 'not measured' : `median ${median(starts.map((s) => s.wall)).toFixed(0)} ms spawn → ready line; ${median(starts.map((s) => s.reported)).toFixed(0)} ms wall, ${median(starts.map((s) => s.cpu)).toFixed(0)} ms CPU as the process reports`;
  console.log(`start to ready with hello and image-renditions: ${FIRST_STARTS} starts without a cache, then ${STARTS} with it`);
  console.log(`  first starts, no cache   ${line(first)}   (each: ${first.map((s) => s.wall.toFixed(0)).join(', ')} ms; target ≤ 500 ms)`);
  console.log(`  later starts             ${line(later)}   (target ≤ 500 ms)`);
  console.log(`  node -e 0 for scale      median ${median(bare).toFixed(0)} ms`);
}

console.log(`faasade dev benchmark; Node ${process.version}; the command from ${command.label}\n`);
await throughput();
await startToReady();

/** Exits when a source file under packages/ changed after the build was made. */
function refuseStaleBuild(builtAt: number): void {
  const newer = readdirSync(join(root, 'packages'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|\/)src\/.*\.ts$/.test(file) && !file.includes('node_modules'))
    .find((file) => statSync(join(root, 'packages', file)).mtimeMs > builtAt);
  if (newer) {
    console.error(`packages/cli/dist is older than packages/${newer}: run \`npm run build\` (or \`npm run bench -- dev-server\`, which builds first)`);
    process.exit(1);
  }
}
