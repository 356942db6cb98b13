import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, onHttp, onObject } from '@faasade/core';
import {
  createContext, createLightRequest, createObjectEvent, formatTraceTree, headerReader, invokeHttp, invokeObjectEvent,
  parseLogLine, startSpanCollector, writeTraceparent, type RunningCollector,
} from '@faasade/core/adapter';
import { openBucket } from '@faasade/core/storage';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
let running: RunningCollector;

beforeAll(async () => {
  running = await startSpanCollector();
});
afterAll(async () => {
  await running.stop();
});

const uploads = openBucket('mem://dev-collector-uploads');
const upload = onHttp({ name: 'upload', route: '/upload' }, async (request, ctx) => {
  ctx.log.info('storing');
  await uploads.put('incoming/cat.jpg', await request.text(), { contentType: 'image/jpeg' });
  await uploads.exists('incoming/none.jpg');
  await uploads.head('incoming/none.jpg').catch(() => undefined);
  return json({ ok: true });
});
const thumbnail = onObject({ name: 'thumbnail', bucket: 'uploads' }, async (event) => {
  await uploads.getBytes(event.data.key);
});

describe('the in-process span collector (faasade dev)', () => {
  it('records each invocation with its storage calls as children, and the log lines name the invocation span', async () => {
    expect(running.registered).toBe(true);
    const lines: string[] = [];
    const ctx = createContext({
      fn: upload, cloud: 'local', event: {}, logSink: (line) => void lines.push(line),
      traceHeader: headerReader({ traceparent: `00-${TRACE}-00f067aa0ba902b7-01` }),
    });
    const request = createLightRequest({ method: 'POST', url: () => 'http://localhost/upload', headers: () => new Headers(), body: 'jpeg bytes' });
    expect((await invokeHttp(upload, request, ctx)).status).toBe(200);

    const spans = running.collector.takeInvocation(ctx.invocationId);
    const [root, ...children] = spans;
    expect(root).toMatchObject({
      name: 'POST /upload', kind: 'server', traceId: TRACE, parentSpanId: '00f067aa0ba902b7', status: 'unset',
      attributes: { 'faas.trigger': 'http', 'faas.invocation_id': ctx.invocationId, 'faas.coldstart': true, 'faas.name': 'upload', 'http.response.status_code': 200 },
    });
    expect(children.map((span) => [span.name, span.kind, span.parentSpanId, span.status])).toEqual([
      ['storage put', 'client', root!.spanId, 'unset'],
      ['storage exists', 'client', root!.spanId, 'unset'],
      ['storage head', 'client', root!.spanId, 'error'],
    ]);
    expect(children[2]!.attributes).toMatchObject({ 'error.type': 'NotFound', 'faasade.storage.key': 'incoming/none.jpg', 'faasade.storage.bucket': 'mem://dev-collector-uploads' });
    expect(parseLogLine(lines[0]!)).toMatchObject({ message: 'storing', traceId: TRACE, spanId: root!.spanId });
    expect(running.collector.takeInvocation(ctx.invocationId)).toEqual([]);

    const tree = formatTraceTree(spans);
    expect(tree).toHaveLength(4);
    expect(tree[0]).toMatch(new RegExp(`^POST /upload  \\d+\\.\\d ms  http cold  200  trace ${TRACE}  ← parent 00f067aa0ba902b7$`));
    expect(tree.slice(1).map((line) => line.slice(0, 3))).toEqual(['├─ ', '├─ ', '└─ ']);
    expect(tree[3]).toMatch(/storage head .* mem:\/\/dev-collector-uploads incoming\/none\.jpg  ✗ NotFound$/);
  });

  it('lets a local event source continue the writer\'s trace into the function the event runs', async () => {
    const ctx = createContext({ fn: upload, cloud: 'local', event: {}, logSink: () => {} });
    const request = createLightRequest({ method: 'POST', url: () => 'http://localhost/upload', headers: () => new Headers(), body: 'more bytes' });
    await invokeHttp(upload, request, ctx);
    const first = running.collector.takeInvocation(ctx.invocationId);
    const put = first.find((span) => span.name === 'storage put')!;

    const traceparent = writeTraceparent('mem://dev-collector-uploads', 'incoming/cat.jpg');
    expect(traceparent).toBe(`00-${put.traceId}-${put.spanId}-01`);
    const event = createObjectEvent({
      id: 'e1', source: 'mem://dev-collector-uploads', type: 'object.created', time: new Date().toISOString(),
      data: { bucket: 'dev-collector-uploads', key: 'incoming/cat.jpg' }, cloud: 'local', raw: {}, traceparent,
    });
    const eventCtx = createContext({ fn: thumbnail, cloud: 'local', event, logSink: () => {} });
    await invokeObjectEvent(thumbnail, event, eventCtx);
    const second = running.collector.takeInvocation(eventCtx.invocationId);
    expect(second.map((span) => [span.name, span.traceId])).toEqual([
      ['object.created dev-collector-uploads', put.traceId],
      ['storage get', put.traceId],
    ]);
    expect(second[0]!.parentSpanId).toBe(put.spanId);
    expect(second[0]!.attributes).toMatchObject({ 'faas.trigger': 'datasource', 'faas.document.operation': 'insert', 'faas.document.name': 'incoming/cat.jpg' });
    const names = new Map(first.map((span) => [span.spanId, `${span.name} in upload`]));
    expect(formatTraceTree(second, { parentName: (id) => names.get(id) })[0]).toMatch(/← storage put in upload$/);
  });
});

describe('parseLogLine', () => {
  it('reads every format back and refuses what is not a log entry', () => {
    const aws = '{"timestamp":"2026-01-01T00:00:00.000Z","level":"warn","message":"m","function":"f","invocationId":"i","requestId":"i","cloud":"aws","coldStart":true,"traceId":"t","spanId":"s","xrayTraceId":"1-x-y","orderId":7}';
    const gcp = '{"time":"2026-01-01T00:00:00.000Z","severity":"WARNING","message":"m","logging.googleapis.com/trace":"projects/p/traces/t","orderId":7}';
    expect(parseLogLine(aws)).toEqual({ time: '2026-01-01T00:00:00.000Z', level: 'warn', message: 'm', invocationId: 'i', traceId: 't', spanId: 's', fields: { orderId: 7 } });
    expect(parseLogLine(gcp)).toMatchObject({ level: 'warn', fields: { orderId: 7 } });
    for (const other of ['plain text', '[1,2]', '{"_aws":{},"level":"INFO","message":"x"}', '{"message":"no level"}', '{']) {
      expect(parseLogLine(other)).toBeUndefined();
    }
  });
});
