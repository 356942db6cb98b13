/**
 * What `faasade dev` adds to a request in JavaScript, without sockets or a load generator:
 * the dev server's request listener and a bare node:http listener answering hello's bytes,
 * each driven through Node's own IncomingMessage/ServerResponse over a socket that drops
 * what is written, 32 requests in flight. Prints CPU µs per request (the fastest of
 * alternating rounds: other load on the machine only ever adds). Steady to ±0.2 µs where
 * the wrk comparison in dev-server.ts swings ±30 %, so it judges a change to the
 * request path; it leaves out the kernel and the scheduler, so it reads lower than that
 * bench's difference in user CPU.
 *
 * Run: npx tsx --conditions=source test/bench/dev-server-inprocess.ts   (BENCH_REQUESTS,
 * BENCH_ROUNDS tune it; FAASADE_CLI=packages/cli/dist measures the build instead)
 */
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..', '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const IN_FLIGHT = 32;

const bare: RequestListener = (req, res) => {
  const name = new URL(req.url!, 'http://x').searchParams.get('name');
  const text = JSON.stringify({ message: 'Hello, ' + (name || 'World') + '!' });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

// The dev server makes its node:http server inside startDev: keep the listener it passes.
let devListener: RequestListener | undefined;
const createServer = http.createServer;
http.createServer = ((...args: unknown[]) => {
  devListener = args.find((arg): arg is RequestListener => typeof arg === 'function');
  return (createServer as (...a: unknown[]) => http.Server)(...args);
}) as typeof http.createServer;
syncBuiltinESMExports();

const cli = process.env.FAASADE_CLI ? join(root, process.env.FAASADE_CLI, 'index.js') : join(root, 'packages/cli/src/index.ts');
const { startDev, textReporter } = (await import(pathToFileURL(cli).href)) as typeof import('../../packages/cli/src/index.js');
const buckets = mkdtempSync(join(tmpdir(), 'faasade-bench-'));
process.env.FAASADE_BUCKETS_DIR = buckets;
// The text output as faasade dev writes it (bytes to stdout), sent to /dev/null meanwhile.
const devNull = openSync('/dev/null', 'w');
const stdoutWrite = process.stdout.write;
process.stdout.write = ((chunk: Uint8Array | string, encodingOrDone?: unknown, done?: unknown) => {
  if (typeof chunk === 'string') writeSync(devNull, chunk);
  else writeSync(devNull, chunk);
  // Done with the bytes, as a file stream says: the writer reuses its buffer.
  const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
  if (typeof callback === 'function') (callback as () => void)();
  return true;
}) as typeof process.stdout.write;
const dev = await startDev({ root, port: 0, watch: false, modules: ['packages/functions/hello'], reporter: textReporter({ color: false }) });
http.createServer = createServer;
syncBuiltinESMExports();
if (!devListener) throw new Error('faasade dev made no node:http server');

class DroppingSocket extends Duplex {
  override _read(): void {}
  override _write(_chunk: unknown, _encoding: string, done: () => void): void {
    done();
  }
}
const sockets = Array.from({ length: IN_FLIGHT }, () => new DroppingSocket());

function request(listener: RequestListener, socket: DroppingSocket): Promise<void> {
  return new Promise((resolve) => {
    const req = new http.IncomingMessage(socket as never) as IncomingMessage;
    Object.assign(req, { method: 'GET', url: '/hello?name=Ada', httpVersionMajor: 1, httpVersionMinor: 1, httpVersion: '1.1', rawHeaders: ['Host', '127.0.0.1:3000'] });
    req.push(null);
    const res = new http.ServerResponse(req) as ServerResponse;
    res.assignSocket(socket as never);
    res.on('finish', () => {
      res.detachSocket(socket as never);
      resolve();
    });
    listener(req, res);
  });
}

async function run(listener: RequestListener, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let done = 0; done < count; done += IN_FLIGHT) await Promise.all(sockets.map((socket) => request(listener, socket)));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

const listeners: Array<[string, RequestListener]> = [['bare node:http', bare], ['faasade dev', devListener]];
const results = new Map<string, number[]>(listeners.map(([name]) => [name, []]));
for (const [, listener] of listeners) await run(listener, 20_000); // JIT warm-up, hello's cold start
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, listener] of round % 2 === 0 ? listeners : [...listeners].reverse()) results.get(name)!.push(await run(listener, REQUESTS));
}
await dev.close();
process.stdout.write = stdoutWrite;
rmSync(buckets, { recursive: true, force: true });

const best = (name: string): number => Math.min(...results.get(name)!);
console.log(`GET /hello?name=Ada in process, ${IN_FLIGHT} in flight, ${ROUNDS} alternating rounds × ${REQUESTS} requests; CPU µs per request (fastest round)`);
for (const [name] of listeners) console.log(`  ${name.padEnd(16)} ${best(name).toFixed(2).padStart(6)} µs   (rounds: ${results.get(name)!.map((us) => us.toFixed(2)).join(', ')})`);
console.log(`  faasade dev adds ${(best('faasade dev') - best('bare node:http')).toFixed(2)} µs per request`);
process.exit(0);
