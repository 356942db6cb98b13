import { describe, expect, it } from 'vitest';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { FaasadeConfigError, json, onHttp, onObject } from '@faasade/core';
import { azureHandler, registerAzureHttpFunction } from '../src/http.js';
import { registerAzureObjectFunction } from '../src/object.js';

// The library's own constructors build the HttpRequest / InvocationContext the worker builds.
const url = 'https://app.azurewebsites.net/api/counted';
const context = () => new InvocationContext({ invocationId: crypto.randomUUID(), functionName: 'counted', logHandler: () => {} });

function counted() {
  const calls: boolean[] = [];
  const fn = onHttp({ name: 'counted', route: '/counted', methods: ['GET'] }, (_request, ctx) => {
    calls.push(ctx.coldStart);
    return json({ ok: true });
  });
  return { fn, calls };
}

describe('azureHandler: warm-up pings', () => {
  it('answers a request carrying x-faasade-warmup 204 without the handler; the ping is the cold start', async () => {
    const { fn, calls } = counted();
    const handler = azureHandler(fn);
    const ping = await handler(new HttpRequest({ method: 'GET', url, headers: { 'X-Faasade-Warmup': '1' } }), context());
    expect(ping.status).toBe(204);
    expect(new Headers(ping.headers as Record<string, string>).get('x-faasade-warmup')).toBe('ok');
    const real = await handler(new HttpRequest({ method: 'GET', url }), context());
    expect([real.status, calls]).toEqual([200, [false]]);
  });

  it('still answers 405 to a ping with a method the function does not declare', async () => {
    const { fn, calls } = counted();
    const ping = await azureHandler(fn)(new HttpRequest({ method: 'DELETE', url, headers: { 'x-faasade-warmup': '1' } }), context());
    expect([ping.status, calls]).toEqual([405, []]);
  });
});

describe('the per-trigger registrations', () => {
  it('refuse the other kind of function before touching the library', () => {
    const hello = onHttp({ name: 'hello', route: '/hello' }, () => json({}));
    const thumbnails = onObject({ name: 'thumbnails', bucket: 'images' }, () => {});
    expect(() => registerAzureHttpFunction(thumbnails as never)).toThrow(FaasadeConfigError);
    expect(() => registerAzureObjectFunction(hello as never)).toThrow(FaasadeConfigError);
  });
});
