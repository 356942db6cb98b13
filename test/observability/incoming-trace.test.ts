/**
 * A caller's trace context reaches the invocation span on AWS and GCP, the way each front
 * door hands it over: a `traceparent` or `X-Amzn-Trace-Id` header in an API Gateway event
 * (REST APIs keep the client's spelling of header names), `traceparent` or
 * `X-Cloud-Trace-Context` on a Functions Framework request, and the CloudEvents tracing
 * extension on an Eventarc delivery. (Azure's host trace context: azure-trace.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, onHttp } from '@faasade/core';
import { lambdaHandler } from '@faasade/aws';
import { derivedFixture } from '../gcp/fixtures.js';
import { deliverCloudEvent } from '../gcp/event-sender.js';
import { recordingObjectFunction, serveInProcess } from '../gcp/in-process-events.js';
import { installSdk, parentOf, type InstalledSdk } from './otel-sdk.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;

let sdk: InstalledSdk;
beforeAll(() => {
  sdk = installSdk();
});
afterAll(async () => {
  await sdk.uninstall();
});

function restEvent(headers: Record<string, string>): Record<string, unknown> {
  const file = join(import.meta.dirname, '../fixtures/vendor-events/aws/apigw-v1-rest-docs-payload-1.0.json');
  const event = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return { ...event, headers: { ...(event.headers as object), ...headers }, multiValueHeaders: null };
}

function lastSpanNamed(name: string) {
  const spans = sdk.spans.getFinishedSpans().filter((span) => span.name === name);
  expect(spans.length, `a finished span named ${name}`).toBeGreaterThan(0);
  return spans.at(-1)!;
}

const lambdaContext = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 3000 };

describe('AWS: trace headers in an API Gateway event', () => {
  const fn = onHttp({ name: 'traced', route: '/my/path' }, () => json({ ok: true }));

  it('continues a W3C traceparent sent with REST API spelling (Traceparent)', async () => {
    const result = await lambdaHandler(fn)(restEvent({ Traceparent: TRACEPARENT }), lambdaContext);
    expect(result.statusCode).toBe(200);
    const span = lastSpanNamed('GET /my/path');
    expect(span.spanContext().traceId).toBe(CALLER_TRACE);
    expect(parentOf(span)).toBe(CALLER_SPAN);
  });

  it('continues a sampled X-Amzn-Trace-Id from the front door', async () => {
    const result = await lambdaHandler(fn)(restEvent({ 'X-Amzn-Trace-Id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' }), lambdaContext);
    expect(result.statusCode).toBe(200);
    const span = lastSpanNamed('GET /my/path');
    expect(span.spanContext().traceId).toBe('5759e988bd862e3fe1be46a994272793');
    expect(parentOf(span)).toBe('53995c3f42cd8ad8');
  });

  it('starts a new trace when the header is malformed, without failing the request', async () => {
    const result = await lambdaHandler(fn)(restEvent({ traceparent: '00-not-a-trace-01' }), lambdaContext);
    expect(result.statusCode).toBe(200);
    const span = lastSpanNamed('GET /my/path');
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.spanContext().traceId).not.toBe(CALLER_TRACE);
    expect(parentOf(span)).toBeUndefined();
  });
});

describe('GCP: trace context through the Functions Framework', () => {
  it('continues the traceparent header of an HTTP request', async () => {
    const fn = onHttp({ name: 'traced-gcp', route: '/traced' }, () => json({ ok: true }));
    const running = await serveInProcess(fn);
    try {
      const response = await fetch(`http://127.0.0.1:${running.port}/traced`, { headers: { traceparent: TRACEPARENT } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    } finally {
      await running.close();
    }
    const span = lastSpanNamed('GET /traced');
    expect(span.spanContext().traceId).toBe(CALLER_TRACE);
    expect(parentOf(span)).toBe(CALLER_SPAN);
  });

  it('continues the CloudEvents tracing extension of a storage event', async () => {
    const { fn, events } = recordingObjectFunction({ name: 'traced-gcs', bucket: 'some-bucket' });
    const running = await serveInProcess(fn);
    try {
      const event = { ...derivedFixture('storage-finalized-unicode-key.json'), traceparent: TRACEPARENT };
      const delivery = await deliverCloudEvent(running.port, event, 'binary');
      expect(delivery.status).toBe(204);
    } finally {
      await running.close();
    }
    expect(events).toHaveLength(1);
    const span = sdk.spans.getFinishedSpans().filter((s) => s.spanContext().traceId === CALLER_TRACE).at(-1);
    expect(span, 'a span in the caller\'s trace').toBeDefined();
    expect(parentOf(span!)).toBe(CALLER_SPAN);
  });
});
