/**
 * The invocation span with the OpenTelemetry SDK registered: where its parent comes from
 * on each cloud, what a failure records, that exports leave before the invocation
 * returns, and that a sampler's "no" is respected.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpError, json, onHttp, type Context } from '@faasade/core';
import { createContext, createLightRequest, headerReader, invokeHttp, type ContextInit } from '@faasade/core/adapter';
import { installSdk, parentOf, type InstalledSdk } from './otel-sdk.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
let sdk: InstalledSdk;

async function invoke(init: Partial<ContextInit>, handler: (ctx: Context) => unknown = () => undefined) {
  const fn = onHttp({ name: 'api', route: '/api' }, async (_request, ctx) => {
    await handler(ctx);
    return json({ trace: ctx.trace, headers: ctx.traceHeaders() });
  });
  const ctx = createContext({ fn, cloud: 'local', event: {}, logSink: () => {}, ...init });
  const request = createLightRequest({ method: 'GET', url: () => 'https://x.example/api', headers: () => new Headers(), body: null });
  const parts = await invokeHttp(fn, request, ctx);
  const spans = [...sdk.spans.getFinishedSpans()];
  return { parts, spans, span: spans.find((s) => s.name === 'GET /api')!, seen: parts.body ? JSON.parse(String(parts.body)) as { trace: Record<string, unknown>; headers: Record<string, string> } : undefined };
}

describe('the invocation span with the SDK registered', () => {
  beforeEach(() => {
    sdk = installSdk();
  });
  afterEach(async () => {
    delete process.env._X_AMZN_TRACE_ID;
    await sdk.uninstall();
  });

  it('continues a W3C traceparent, and ctx.trace / ctx.traceHeaders name the new span', async () => {
    const { span, seen } = await invoke({ traceHeader: headerReader({ traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: 'congo=t61rcWkgMzE' }) });
    expect(span.spanContext().traceId).toBe(TRACE);
    expect(parentOf(span)).toBe(SPAN);
    expect(span.parentSpanContext?.isRemote).toBe(true);
    expect(seen!.trace).toEqual({ traceId: TRACE, spanId: span.spanContext().spanId, sampled: true });
    expect(seen!.headers).toEqual({ traceparent: `00-${TRACE}-${span.spanContext().spanId}-01`, tracestate: 'congo=t61rcWkgMzE' });
  });

  it('continues Lambda\'s X-Ray trace when it is sampled, and starts a new trace when it is not', async () => {
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const sampled = await invoke({ cloud: 'aws', platformContext: { invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:api' } });
    expect(sampled.span.spanContext().traceId).toBe('5759e988bd862e3fe1be46a994272793');
    expect(parentOf(sampled.span)).toBe('53995c3f42cd8ad8');
    expect(sampled.span.attributes).toMatchObject({ 'cloud.provider': 'aws', 'cloud.platform': 'aws_lambda', 'cloud.resource_id': 'arn:aws:lambda:eu-west-1:123456789012:function:api' });

    sdk.spans.reset();
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0';
    const unsampled = await invoke({ cloud: 'aws' });
    // Followed, a parent-based sampler would drop every span whenever X-Ray tracing is off.
    expect(unsampled.span).toBeDefined();
    expect(parentOf(unsampled.span)).toBeUndefined();
  });

  it('continues Google\'s X-Cloud-Trace-Context and Azure\'s trace context', async () => {
    const google = await invoke({ cloud: 'gcp', traceHeader: headerReader({ 'x-cloud-trace-context': `${TRACE}/123;o=1` }) });
    expect(google.span.spanContext().traceId).toBe(TRACE);
    expect(parentOf(google.span)).toBe((123).toString(16).padStart(16, '0'));
    sdk.spans.reset();
    const azure = await invoke({ cloud: 'azure', traceparent: `00-${TRACE}-${SPAN}-01`, traceHeader: headerReader({ traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` }) });
    expect(azure.span.spanContext().traceId).toBe(TRACE);
    expect(azure.span.attributes['cloud.provider']).toBe('azure');
  });

  it('starts a new trace for malformed headers, without failing the invocation', async () => {
    const { parts, span } = await invoke({ traceHeader: headerReader({ traceparent: '00-nothex-nothex-01', 'x-cloud-trace-context': '!!', 'x-amzn-trace-id': 'Root=;' }) });
    expect(parts.status).toBe(200);
    expect(parentOf(span)).toBeUndefined();
  });

  it('marks a failed invocation: error status, the exception event, error.type; a 4xx is not a failure', async () => {
    const failed = await invoke({}, () => {
      throw new RangeError('quantity out of range');
    });
    expect(failed.parts.status).toBe(500);
    expect(failed.span.status).toMatchObject({ code: 2, message: 'quantity out of range' });
    expect(failed.span.attributes).toMatchObject({ 'http.response.status_code': 500, 'error.type': 'RangeError' });
    expect(failed.span.events.map((event) => [event.name, event.attributes?.['exception.type']])).toEqual([['exception', 'RangeError']]);
    sdk.spans.reset();
    const refused = await invoke({}, () => {
      throw new HttpError(404, 'no such order');
    });
    expect(refused.span.status.code).toBe(0);
    expect(refused.span.attributes['http.response.status_code']).toBe(404);
  });

  it('makes spans of user code children of the invocation span', async () => {
    const { trace } = await import('@opentelemetry/api');
    const { spans, span } = await invoke({}, () => trace.getTracer('app').startActiveSpan('price lookup', (child) => child.end()));
    expect(parentOf(spans.find((s) => s.name === 'price lookup')!)).toBe(span.spanContext().spanId);
  });
});

describe('exports before the invocation returns', () => {
  beforeEach(() => {
    sdk = installSdk({ batch: true });
  });
  afterEach(async () => {
    await sdk.uninstall();
  });

  it('flushes a batch processor that would otherwise hold the span for an hour', async () => {
    const { span } = await invoke({});
    expect(span).toBeDefined();
  });
});

describe('sampling', () => {
  beforeEach(() => {
    sdk = installSdk();
  });
  afterEach(async () => {
    await sdk.uninstall();
  });

  it('respects a caller that did not sample: nothing recorded, the trace still passed on', async () => {
    const { parts, spans, seen } = await invoke({ traceHeader: headerReader({ traceparent: `00-${TRACE}-${SPAN}-00` }) });
    expect(parts.status).toBe(200);
    expect(spans).toEqual([]);
    expect(seen!.headers.traceparent).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-00$`));
  });
});
