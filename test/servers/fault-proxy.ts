import { once } from 'node:events';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to one request.
 * - `pass`: forwards it and relays the answer.
 * - `drop-before`: closes the client's connection without forwarding (nothing happened).
 * - `drop-after`: forwards it, waits for the server's whole answer, then closes the
 *   client's connection without relaying it (it happened; the client cannot know).
 * - `drop-mid-response`: relays the status, headers and the first half of the body, then
 *   closes the connection (an empty body: as `drop-after`).
 * - `503`, `500`, `429`: answers that status with an empty body, without forwarding.
 * - `delay`: waits `delayMs`, then forwards as `pass` (nothing, if the client hung up meanwhile).
 */
export type FaultKind = 'pass' | 'drop-before' | 'drop-after' | 'drop-mid-response' | '503' | '500' | '429' | 'delay';

/** Every fault kind but `pass`. */
export const FAULT_KINDS: readonly Exclude<FaultKind, 'pass'>[] = ['drop-before', 'drop-after', 'drop-mid-response', '503', '500', '429', 'delay'];

/** A request as a schedule sees it. */
export interface FaultRequest {
  /** 0 for the first request the proxy received. */
  readonly index: number;
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** The server to forward to, e.g. `http://127.0.0.1:41234`. */
  upstream: string;
  /** Shown in the seed line. */
  label?: string;
  /** The chance (0–1) that a request the schedule leaves alone gets a fault. Default 0. */
  rate?: number;
  /** The kinds drawn from, evenly. Default all of {@link FAULT_KINDS}. */
  kinds?: readonly Exclude<FaultKind, 'pass'>[];
  /** `delay` waits this long (ms). Default 100. */
  delayMs?: number;
  /** Decides a request before the random draw; undefined leaves it to the draw. */
  schedule?: (request: FaultRequest) => FaultKind | undefined;
  /** Seed of the draw. Default: `FAULT_SEED` from the environment, else random. Printed. */
  seed?: number;
}

/** A running proxy. */
export interface FaultProxyHandle {
  /** Where clients connect instead of the upstream. */
  readonly endpoint: string;
  readonly seed: number;
  /** Requests received. */
  readonly requests: number;
  /** How many requests got each treatment. */
  readonly counts: Readonly<Record<FaultKind, number>>;
  /** Changes the fault rate from now on (0 turns random faults off; the seed line is printed at start only when the rate is above 0). */
  setRate(rate: number): void;
  stop(): Promise<void>;
}

/**
 * Starts an HTTP proxy in front of a test storage server that breaks requests by schedule
 * or at random, from a seeded generator whose seed is printed (`[fault-proxy] <label>:
 * seed N`; replay with `FAULT_SEED=N`). Requests are numbered in arrival order, so with
 * concurrent clients a replay draws the same sequence but may hand it to other requests.
 * `Location` headers naming the upstream (GCS resumable sessions) are rewritten to the
 * proxy, so follow-up requests pass through it too.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxyHandle> {
  const upstream = new URL(options.upstream);
  const seed = options.seed ?? (process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Math.floor(Math.random() * 2 ** 31));
  const random = mulberry32(seed);
  const kinds = options.kinds ?? FAULT_KINDS;
  const delayMs = options.delayMs ?? 100;
  let rate = options.rate ?? 0;
  let requests = 0;
  const counts = Object.fromEntries(['pass', ...FAULT_KINDS].map((kind) => [kind, 0])) as Record<FaultKind, number>;
  const agent = new Agent({ keepAlive: true });
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let origin = '';

  const choose = (request: FaultRequest): FaultKind => {
    const scheduled = options.schedule?.(request);
    if (scheduled !== undefined) return scheduled;
    // Two draws per request, always, so the sequence depends on the request count only.
    const hit = random() < rate;
    const kind = kinds[Math.floor(random() * kinds.length)]!;
    return hit ? kind : 'pass';
  };

  const forward = (req: IncomingMessage, res: ServerResponse, kind: FaultKind): void => {
    const outgoing = httpRequest({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent,
    });
    outgoing.on('error', () => req.socket.destroy());
    req.pipe(outgoing);
    outgoing.on('response', (answer) => {
      const headers = rewriteLocation(answer.rawHeaders, upstream.origin, origin);
      if (kind === 'pass') {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        if (kind === 'drop-after' || body.byteLength < 2 || req.method === 'HEAD') {
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
        res.write(body.subarray(0, Math.floor(body.byteLength / 2)), () => req.socket.destroy());
      });
    });
  };

  const server = createServer((req, res) => {
    const kind = choose({ index: requests++, method: req.method ?? 'GET', url: req.url ?? '/' });
    counts[kind]++;
    switch (kind) {
      case 'drop-before':
        req.socket.destroy();
        return;
      case '503':
      case '500':
      case '429':
        // Read the request first, as a server does, so the client is not cut off mid-send.
        req.resume();
        req.on('end', () => res.writeHead(Number(kind), { 'content-length': '0' }).end());
        return;
      case 'delay': {
        req.pause();
        const timer = setTimeout(() => {
          timers.delete(timer);
          // A client that gave up meanwhile (its deadline) takes its request with it.
          if (!req.socket.destroyed) forward(req, res, 'pass');
        }, delayMs);
        timers.add(timer);
        return;
      }
      default:
        forward(req, res, kind);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The seed matters only when faults are drawn at random.
  if (rate > 0) process.stderr.write(`[fault-proxy] ${options.label ?? upstream.origin}: seed ${seed} (replay with FAULT_SEED=${seed}), rate ${rate}, kinds ${kinds.join(' ')}\n`);
  return {
    endpoint: origin,
    seed,
    get requests() { return requests; },
    counts,
    setRate(next) { rate = next; },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}

/** Raw headers with an upstream `Location` pointed at the proxy. */
function rewriteLocation(raw: string[], from: string, to: string): string[] {
  const out = [...raw];
  for (let i = 0; i < out.length; i += 2) {
    if (out[i]!.toLowerCase() === 'location' && out[i + 1]!.startsWith(from)) out[i + 1] = to + out[i + 1]!.slice(from.length);
  }
  return out;
}

/** A small seeded generator (mulberry32): the same seed gives the same sequence in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
