/**
 * The fault proxy itself, against a small upstream that counts what reaches it: each
 * fault does what the storage fault tests rely on (a drop before forwarding leaves the
 * server untouched, a drop after it does not; a mid-response drop delivers a truncated
 * body), and a seed replays the same sequence.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultKind } from '../servers/fault-proxy.js';

const BODY = 'x'.repeat(1000);
let upstream: Server;
let upstreamUrl: string;
let reached = 0;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    reached++;
    req.resume();
    req.on('end', () => {
      const headers: Record<string, string> = { 'content-type': 'text/plain', 'content-length': String(BODY.length) };
      if (req.url === '/session') headers.location = `${upstreamUrl}/session/42`;
      res.writeHead(200, headers).end(BODY);
    });
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  upstream.close();
});

/** Sends one request through a proxy that applies `kind` to it; reports what the client and the upstream saw. */
async function through(kind: FaultKind, path = '/object') {
  const proxy = await startFaultProxy({ upstream: upstreamUrl, schedule: () => kind, delayMs: 20, seed: 1 });
  const before = reached;
  try {
    const response = await fetch(`${proxy.endpoint}${path}`, { method: 'PUT', body: 'payload' }).catch((error: unknown) => error as Error);
    if (response instanceof Error) return { failed: 'before body', reached: reached - before };
    const body = await response.text().catch(() => undefined);
    return { status: response.status, body, location: response.headers.get('location'), reached: reached - before, counted: proxy.counts[kind] };
  } finally {
    await proxy.stop();
  }
}

describe('fault proxy', () => {
  it('passes a request through unchanged', async () => {
    expect(await through('pass')).toMatchObject({ status: 200, body: BODY, reached: 1, counted: 1 });
  });

  it('drop-before: the client gets a connection error and the server never sees the request', async () => {
    expect(await through('drop-before')).toEqual({ failed: 'before body', reached: 0 });
  });

  it('drop-after: the server handled the request, the client gets a connection error', async () => {
    expect(await through('drop-after')).toEqual({ failed: 'before body', reached: 1 });
  });

  it('drop-mid-response: status and headers arrive, the body breaks', async () => {
    expect(await through('drop-mid-response')).toMatchObject({ status: 200, body: undefined, reached: 1 });
  });

  it.each(['503', '500', '429'] as const)('%s: answered by the proxy, not forwarded', async (status) => {
    expect(await through(status)).toMatchObject({ status: Number(status), body: '', reached: 0 });
  });

  it('delay: forwarded after the wait', async () => {
    expect(await through('delay')).toMatchObject({ status: 200, body: BODY, reached: 1 });
  });

  it('points a Location header naming the upstream at the proxy', async () => {
    const proxy = await startFaultProxy({ upstream: upstreamUrl, seed: 1 });
    try {
      const response = await fetch(`${proxy.endpoint}/session`);
      await response.text();
      expect(response.headers.get('location')).toBe(`${proxy.endpoint}/session/42`);
    } finally {
      await proxy.stop();
    }
  });

  it('draws the same faults for the same seed', async () => {
    const sequence = async (seed: number) => {
      const seen: FaultKind[] = [];
      const proxy = await startFaultProxy({ upstream: upstreamUrl, seed, rate: 0.5, kinds: ['503', '429'] });
      try {
        for (let i = 0; i < 40; i++) seen.push(String((await fetch(`${proxy.endpoint}/r`).then(async (r) => { await r.text(); return r.status; }))) as FaultKind);
      } finally {
        await proxy.stop();
      }
      return seen;
    };
    const first = await sequence(1234);
    expect(await sequence(1234)).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['200', '503', '429']));
  });
});
