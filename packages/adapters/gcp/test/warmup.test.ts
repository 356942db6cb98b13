import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { FaasadeConfigError, json, onHttp, onObject } from '@faasade/core';
import { registerGcpHttpFunctions } from '../src/http.js';
import { registerGcpObjectFunctions } from '../src/object.js';

// Served by the framework's own test server (its Express app), over a real socket.
async function served(name: string, methods: Array<'GET' | 'POST'>) {
  const calls: boolean[] = [];
  registerGcpHttpFunctions(onHttp({ name, route: '/counted', methods }, (_request, ctx) => {
    calls.push(ctx.coldStart);
    return json({ ok: true });
  }));
  const server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('gcp: warm-up pings through registerGcpHttpFunctions', () => {
  it('are answered 204 without the handler; the ping is the cold start', async () => {
    const fn = await served('gcpWarmupCounted', ['GET']);
    try {
      const ping = await fetch(`${fn.base}/`, { headers: { 'x-faasade-warmup': '1' } });
      expect([ping.status, ping.headers.get('x-faasade-warmup')]).toEqual([204, 'ok']);
      const real = await fetch(`${fn.base}/`);
      expect([real.status, fn.calls]).toEqual([200, [false]]);
    } finally {
      await fn.close();
    }
  });

  it('with a method the function does not declare still get 405', async () => {
    const fn = await served('gcpWarmupGetOnly', ['GET']);
    try {
      const ping = await fetch(`${fn.base}/`, { method: 'POST', headers: { 'x-faasade-warmup': '1' }, body: '' });
      expect([ping.status, fn.calls]).toEqual([405, []]);
    } finally {
      await fn.close();
    }
  });
});

describe('the per-trigger registrations', () => {
  it('refuse the other kind of function, registering nothing', () => {
    const hello = onHttp({ name: 'gcpTriggerHello', route: '/hello' }, () => json({}));
    const thumbnails = onObject({ name: 'gcpTriggerThumbs', bucket: 'images' }, () => {});
    expect(() => registerGcpHttpFunctions(thumbnails as never)).toThrow(FaasadeConfigError);
    expect(() => registerGcpObjectFunctions(hello as never)).toThrow(FaasadeConfigError);
  });
});
