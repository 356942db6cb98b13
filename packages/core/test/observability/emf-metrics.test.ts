import { describe, expect, it } from 'vitest';
import { json, onHttp, onObject, type Context } from '@faasade/core';
import { createContext, createLightRequest, createObjectEvent, invokeHttp, invokeObjectEvent } from '@faasade/core/adapter';

// Read once per process, as on Lambda: this file runs in its own worker.
process.env.FAASADE_INVOCATION_METRICS = 'on';
process.env.FAASADE_METRICS_NAMESPACE = 'shop';

type Line = Record<string, unknown> & { _aws?: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> } };

// One declaration per name, as in a deployed instance: its first invocation is the cold one.
const functions = new Map<string, { fn: ReturnType<typeof onHttp>; run: (ctx: Context) => void | Promise<void> }>();

async function invokeOnLambda(handler: (ctx: Context) => void | Promise<void>, name = 'checkout') {
  const lines: Line[] = [];
  let entry = functions.get(name);
  if (!entry) {
    const created: { fn?: ReturnType<typeof onHttp>; run: (ctx: Context) => void | Promise<void> } = { run: handler };
    created.fn = onHttp({ name, route: '/checkout' }, async (_request, ctx) => {
      await created.run(ctx);
      return json({ ok: true });
    });
    entry = created as { fn: ReturnType<typeof onHttp>; run: (ctx: Context) => void | Promise<void> };
    functions.set(name, entry);
  }
  entry.run = handler;
  const fn = entry.fn;
  const ctx = createContext({ fn, cloud: 'aws', invocationId: 'req-7', event: {}, logSink: (line) => void lines.push(JSON.parse(line) as Line) });
  const request = createLightRequest({ method: 'GET', url: () => 'https://x.example/checkout', headers: () => new Headers(), body: null });
  const parts = await invokeHttp(fn, request, ctx);
  return { parts, metrics: lines.filter((line) => line._aws), logs: lines.filter((line) => !line._aws) };
}

describe('metrics on Lambda: CloudWatch Embedded Metric Format lines, written before the invocation returns', () => {
  it('writes faasade\'s invocation metrics per function: invocations, errors, cold starts, duration', async () => {
    const first = await invokeOnLambda(() => {}, 'orders');
    const second = await invokeOnLambda(() => { throw new Error('payment service down'); }, 'orders');
    const [cold] = first.metrics;
    expect(cold!._aws!.CloudWatchMetrics[0]).toEqual({
      Namespace: 'shop',
      Dimensions: [['function']],
      Metrics: [
        { Name: 'faas.invocations', Unit: 'Count' }, { Name: 'faas.errors', Unit: 'Count' },
        { Name: 'faas.coldstarts', Unit: 'Count' }, { Name: 'faas.invoke_duration', Unit: 'Milliseconds' },
      ],
    });
    expect(cold).toMatchObject({ function: 'orders', requestId: 'req-7', 'faas.invocations': 1, 'faas.errors': 0, 'faas.coldstarts': 1 });
    expect(cold!['faas.invoke_duration']).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(cold!._aws!.Timestamp) && Math.abs(cold!._aws!.Timestamp - Date.now()) < 60_000).toBe(true);
    expect(second.parts.status).toBe(500);
    expect(second.metrics[0]).toMatchObject({ 'faas.errors': 1, 'faas.coldstarts': 0 });
  });

  it('adds ctx.metrics: counters summed, distributions as value lists, one line per dimension set', async () => {
    const { metrics } = await invokeOnLambda((ctx) => {
      ctx.metrics.count('orders.placed');
      ctx.metrics.count('orders.placed', 2);
      ctx.metrics.record('basket.size', 3, 'count');
      ctx.metrics.record('basket.size', 5, 'count');
      ctx.metrics.record('payment.latency', 120.5, 'milliseconds', { provider: 'stripe' });
    });
    const plain = metrics.find((line) => 'orders.placed' in line)!;
    expect(plain).toMatchObject({ 'orders.placed': 3, 'basket.size': [3, 5], 'faas.invocations': 1 });
    const byProvider = metrics.find((line) => 'payment.latency' in line)!;
    expect(byProvider).toMatchObject({ provider: 'stripe', 'payment.latency': 120.5, function: 'checkout' });
    expect(byProvider._aws!.CloudWatchMetrics[0]!.Dimensions).toEqual([['function', 'provider']]);
    expect(byProvider._aws!.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'payment.latency', Unit: 'Milliseconds' }]);
  });

  it('splits a distribution over 100 values across lines, as the format requires', async () => {
    const { metrics } = await invokeOnLambda((ctx) => {
      for (let i = 0; i < 250; i++) ctx.metrics.record('item.price', i, 'none');
    });
    const values = metrics.filter((line) => 'item.price' in line).map((line) => line['item.price'] as number[]);
    expect(values.map((v) => v.length)).toEqual([100, 100, 50]);
    expect(values.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('drops invalid measurements with one warning per metric name, and never fails the invocation', async () => {
    const { parts, metrics, logs } = await invokeOnLambda((ctx) => {
      for (let i = 0; i < 5; i++) ctx.metrics.count('bad name with spaces');
      ctx.metrics.count('refunds', -1);
      ctx.metrics.record('latency', Number.NaN, 'milliseconds');
      ctx.metrics.record('size', 1, 'furlongs' as 'none');
      ctx.metrics.count('tagged', 1, { 'bad dim': 'x' });
      ctx.metrics.count('tagged2', 1, { region: '' });
      ctx.metrics.count('requestId');
      ctx.metrics.count('hostile', 1, new Proxy({}, { ownKeys() { throw new Error('no keys'); } }));
      ctx.metrics.count('good');
    });
    expect(parts.status).toBe(200);
    const names = metrics.flatMap((line) => line._aws!.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name));
    expect(names.filter((name) => !name.startsWith('faas.'))).toEqual(['good']);
    const warnings = logs.filter((line) => line.level === 'warn' && line.message === 'metric dropped');
    expect(warnings.map((w) => w.metric)).toEqual(['bad name with spaces', 'refunds', 'latency', 'size', 'tagged', 'tagged2', 'requestId']);
  });

  it('writes object-event invocations too, with the error counted when the handler throws', async () => {
    const lines: Line[] = [];
    const fn = onObject({ name: 'thumbs', bucket: 'images' }, (_event, ctx) => {
      ctx.metrics.count('thumbnails.made');
      throw new Error('sharp failed');
    });
    const ctx = createContext({ fn, cloud: 'aws', event: {}, logSink: (line) => void lines.push(JSON.parse(line) as Line) });
    const event = createObjectEvent({ id: 'e1', source: 's3://images', type: 'object.created', time: '2026-01-01T00:00:00Z', data: { bucket: 'images', key: 'a.jpg' }, cloud: 'aws', raw: {} });
    await expect(invokeObjectEvent(fn, event, ctx)).rejects.toThrow('sharp failed');
    expect(lines.find((line) => line._aws)).toMatchObject({ 'faas.invocations': 1, 'faas.errors': 1, 'thumbnails.made': 1 });
  });
});
