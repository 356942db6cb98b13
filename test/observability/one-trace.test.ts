/**
 * One user request across two functions, as the OpenTelemetry SDK records it: an HTTP
 * function writes an object (memory bucket), the storage event that write causes runs a
 * second function, which calls another service over HTTP. Every span lands in one trace,
 * each linked to the one before — the client's, the invocation's, the write's, the event
 * function's. The platform between the write and the event is played with core's toolkit,
 * as a local event source (faasade dev) does: it puts the writer's position into the
 * event's `traceparent` extension.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, onHttp, onObject, withTraceHeaders } from '@faasade/core';
import {
  createContext, createLightRequest, createObjectEvent, headerReader, invokeHttp, invokeObjectEvent, parseLogLine, writeTraceparent,
} from '@faasade/core/adapter';
import { openBucket } from '@faasade/core/storage';
import { installSdk, parentOf, type InstalledSdk } from './otel-sdk.js';

const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN = 'b7ad6b7169203331';

let sdk: InstalledSdk;
let billing: Server;
let billingUrl: string;
const billingSaw: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  sdk = installSdk();
  billing = createServer((request, response) => {
    billingSaw.push(request.headers);
    response.end('{}');
  });
  await new Promise<void>((resolve) => billing.listen(0, '127.0.0.1', resolve));
  billingUrl = `http://127.0.0.1:${(billing.address() as AddressInfo).port}/charge`;
});
afterAll(async () => {
  await sdk.uninstall();
  await new Promise((resolve) => billing.close(resolve));
});

const uploads = openBucket('mem://one-trace-uploads');

const upload = onHttp({ name: 'upload', route: '/uploads/{name}' }, async (request, ctx) => {
  const name = new URL(request.url).pathname.split('/').pop()!;
  await uploads.put(`incoming/${name}`, await request.text(), { contentType: 'text/plain' });
  ctx.log.info('stored', { name });
  return json({ stored: name }, { status: 201 });
});

const process = onObject({ name: 'process-upload', bucket: 'uploads', prefix: 'incoming/' }, async (event, ctx) => {
  const text = await uploads.getText(event.data.key);
  await uploads.put(event.data.key.replace('incoming/', 'done/'), text.toUpperCase());
  await fetch(billingUrl, withTraceHeaders(ctx, { method: 'POST', body: JSON.stringify({ key: event.data.key }) }));
});

describe('one request, two functions, one trace', () => {
  it('links client → upload invocation → storage write → storage event → second invocation → outgoing call', async () => {
    // 1. The client's request reaches the HTTP function with a W3C traceparent.
    const logs: string[] = [];
    const headers = { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`, host: 'api.example' };
    const httpCtx = createContext({ fn: upload, cloud: 'local', event: { headers }, traceHeader: headerReader(headers), logSink: (line) => void logs.push(line) });
    const request = createLightRequest({ method: 'PUT', url: () => 'https://api.example/uploads/note.txt', headers: () => new Headers(headers), body: 'hello' });
    expect((await invokeHttp(upload, request, httpCtx)).status).toBe(201);

    // 2. The platform turns the write into an event carrying the writer's position.
    const traceparent = writeTraceparent('mem://one-trace-uploads', 'incoming/note.txt');
    expect(traceparent).toMatch(new RegExp(`^00-${CLIENT_TRACE}-[0-9a-f]{16}-01$`));
    const event = createObjectEvent({
      id: 'evt-1', source: 'mem://one-trace-uploads', type: 'object.created', time: new Date().toISOString(),
      data: { bucket: 'uploads', key: 'incoming/note.txt' }, cloud: 'local', raw: {}, traceparent,
    });
    const eventCtx = createContext({ fn: process, cloud: 'local', event, logSink: (line) => void logs.push(line) });
    await expect(invokeObjectEvent(process, event, eventCtx)).resolves.toEqual({ status: 'processed' });

    // 3. One trace: every span has the client's trace id, each parented on the step before.
    const spans = [...sdk.spans.getFinishedSpans()];
    expect(await uploads.getText('done/note.txt')).toBe('HELLO');
    const named = (name: string) => spans.filter((span) => span.name === name);
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([CLIENT_TRACE]));
    const [httpSpan] = named('PUT /uploads/{name}');
    const [writeSpan, doneWrite] = named('storage put');
    const [eventSpan] = named('object.created uploads');
    const [readSpan] = named('storage get');
    expect(parentOf(httpSpan!)).toBe(CLIENT_SPAN);
    expect(parentOf(writeSpan!)).toBe(httpSpan!.spanContext().spanId);
    expect(parentOf(eventSpan!)).toBe(writeSpan!.spanContext().spanId);
    expect(parentOf(readSpan!)).toBe(eventSpan!.spanContext().spanId);
    expect(parentOf(doneWrite!)).toBe(eventSpan!.spanContext().spanId);

    // FaaS semantic conventions on the invocation spans.
    expect(httpSpan!.kind).toBe(1); // SERVER
    expect(httpSpan!.attributes).toMatchObject({
      'faas.trigger': 'http', 'faas.invocation_id': httpCtx.invocationId, 'faas.coldstart': true, 'faas.name': 'upload',
      'http.request.method': 'PUT', 'http.route': '/uploads/{name}', 'http.response.status_code': 201,
    });
    expect(eventSpan!.kind).toBe(4); // CONSUMER
    expect(eventSpan!.attributes).toMatchObject({
      'faas.trigger': 'datasource', 'faas.invocation_id': eventCtx.invocationId, 'faas.document.collection': 'uploads',
      'faas.document.operation': 'insert', 'faas.document.name': 'incoming/note.txt',
    });
    expect(writeSpan!.attributes).toMatchObject({ 'faasade.storage.operation': 'put', 'faasade.storage.bucket': 'mem://one-trace-uploads', 'faasade.storage.key': 'incoming/note.txt' });

    // 4. The outgoing call carried the trace on: its parent is the event function's span.
    expect(billingSaw).toHaveLength(1);
    expect(billingSaw[0]!.traceparent).toBe(`00-${CLIENT_TRACE}-${eventSpan!.spanContext().spanId}-01`);

    // 5. Log lines name the trace and the span they were written in.
    const stored = logs.map((line) => parseLogLine(line)).find((entry) => entry?.message === 'stored');
    expect(stored).toMatchObject({ traceId: CLIENT_TRACE, spanId: httpSpan!.spanContext().spanId, invocationId: httpCtx.invocationId });
  });
});
