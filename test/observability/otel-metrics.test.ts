/**
 * Metrics off Lambda go to the OpenTelemetry meter provider the application registered,
 * and are exported before the invocation returns (the reader here exports once an hour
 * on its own, so only faasade's flush gets them out).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, onHttp } from '@faasade/core';
import { createContext, createLightRequest, invokeHttp } from '@faasade/core/adapter';
import { exportedPoints, installSdk, type InstalledSdk } from './otel-sdk.js';

let sdk: InstalledSdk;
beforeAll(() => {
  sdk = installSdk({ batch: true });
});
afterAll(async () => {
  await sdk.uninstall();
});

const checkout = onHttp({ name: 'checkout', route: '/checkout' }, async (request, ctx) => {
  ctx.metrics.count('orders.placed', 2, { channel: 'web' });
  ctx.metrics.record('basket.value', 59.9, 'none');
  ctx.metrics.count('not a valid name');
  if (new URL(request.url).searchParams.has('fail')) throw new Error('payment declined');
  return json({ ok: true });
});

async function invoke(query = ''): Promise<number> {
  const ctx = createContext({ fn: checkout, cloud: 'gcp', event: {}, logSink: () => {} });
  const request = createLightRequest({ method: 'POST', url: () => `https://x.example/checkout${query}`, headers: () => new Headers(), body: '' });
  return (await invokeHttp(checkout, request, ctx)).status;
}

describe('metrics through OpenTelemetry (GCP, Azure, local)', () => {
  it('records faasade\'s FaaS metrics and the user\'s, exported before the invocation returns', async () => {
    expect(await invoke()).toBe(200);
    expect(await invoke('?fail')).toBe(500);
    const attributes = { 'faas.name': 'checkout', 'faas.trigger': 'http' };
    expect(exportedPoints(sdk.metrics, 'faas.invocations')).toEqual([{ value: 2, attributes }]);
    expect(exportedPoints(sdk.metrics, 'faas.errors')).toEqual([{ value: 1, attributes }]);
    expect(exportedPoints(sdk.metrics, 'faas.coldstarts')).toEqual([{ value: 1, attributes }]);
    const [duration] = exportedPoints(sdk.metrics, 'faas.invoke_duration');
    expect(duration!.value).toMatchObject({ count: 2 });
    expect(exportedPoints(sdk.metrics, 'orders.placed')).toEqual([{ value: 4, attributes: { 'faas.name': 'checkout', channel: 'web' } }]);
    expect(exportedPoints(sdk.metrics, 'basket.value')[0]!.value).toMatchObject({ count: 2, sum: 119.8 });
    expect(exportedPoints(sdk.metrics, 'not a valid name')).toEqual([]);
  });
});
