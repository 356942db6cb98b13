/**
 * On Azure the host gives each invocation a trace context (the activity Application
 * Insights shows as the request); faasade's span continues it, and log lines sent through
 * InvocationContext carry its ids. Driven through @azure/functions' own classes.
 */
import { HttpRequest, InvocationContext, type LogLevel } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, onHttp } from '@faasade/core';
import { azureHandler } from '@faasade/azure';
import { installSdk, parentOf, type InstalledSdk } from './otel-sdk.js';

const HOST_TRACE = '5c6b1e86c8a84d14b2a8d1b3c0b1a2f3';
const HOST_SPAN = 'a1b2c3d4e5f60718';
let sdk: InstalledSdk;
beforeAll(() => {
  sdk = installSdk();
});
afterAll(async () => {
  await sdk.uninstall();
});

const fn = onHttp({ name: 'orders', route: '/orders' }, (_request, ctx) => {
  ctx.log.warn('stock low', { sku: 'A-1' });
  return json({ ok: true });
});

describe('Azure: the host\'s trace context', () => {
  it('parents the invocation span and reaches every log line, at the level the host files it', async () => {
    const logged: Array<{ level: LogLevel; line: string }> = [];
    const context = new InvocationContext({
      invocationId: 'inv-az', functionName: 'orders',
      traceContext: { traceParent: `00-${HOST_TRACE}-${HOST_SPAN}-01`, traceState: 'az=1', attributes: {} },
      logHandler: (level, ...args) => void logged.push({ level, line: String(args[0]) }),
    });
    const request = new HttpRequest({ method: 'GET', url: 'https://app.azurewebsites.net/api/orders', headers: { traceparent: `00-${'9'.repeat(32)}-${'8'.repeat(16)}-01` } });
    const response = await azureHandler(fn)(request, context);
    expect(response.status).toBe(200);

    const span = sdk.spans.getFinishedSpans().find((s) => s.name === 'GET /orders')!;
    expect(span.spanContext().traceId).toBe(HOST_TRACE);
    expect(parentOf(span)).toBe(HOST_SPAN);
    expect(span.attributes).toMatchObject({ 'cloud.provider': 'azure', 'faas.invocation_id': 'inv-az' });

    const warning = logged.find((entry) => entry.line.includes('stock low'))!;
    expect(warning.level).toBe('warning');
    expect(JSON.parse(warning.line)).toMatchObject({ invocationId: 'inv-az', traceId: HOST_TRACE, spanId: span.spanContext().spanId, sku: 'A-1' });
  });
});
