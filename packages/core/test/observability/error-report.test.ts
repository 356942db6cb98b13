import { describe, expect, it } from 'vitest';
import { HttpError, onHttp, onObject } from '@faasade/core';
import { createContext, createLightRequest, createObjectEvent, errorParts, eventShape, headerReader, invokeHttp, invokeObjectEvent } from '@faasade/core/adapter';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

// An API Gateway HTTP API event carrying secrets in every place a value can be.
const lambdaEvent = {
  version: '2.0',
  rawPath: '/orders/42',
  rawQueryString: 'token=query-secret',
  headers: { authorization: 'Bearer header-secret', traceparent: `00-${TRACE}-00f067aa0ba902b7-01` },
  cookies: ['session=cookie-secret'],
  requestContext: { http: { method: 'POST' }, authorizer: { jwt: { claims: { email: 'ada@example.com' } } } },
  body: '{"card":"4111111111111111"}',
  isBase64Encoded: false,
};

describe('error reports: the error, the invocation and trace ids, and the event\'s shape without its values', () => {
  it('describes an event by keys and types only', () => {
    expect(eventShape(lambdaEvent)).toEqual({
      version: 'string', rawPath: 'string', rawQueryString: 'string',
      headers: { authorization: 'string', traceparent: 'string' },
      cookies: ['string'],
      requestContext: { http: { method: 'string' }, authorizer: { jwt: { claims: 'object' } } },
      body: 'string', isBase64Encoded: 'boolean',
    });
    const cycle: Record<string, unknown> = { n: 1 };
    cycle.self = cycle;
    expect(eventShape(cycle)).toEqual({ n: 'number', self: 'circular' });
    expect(eventShape(null)).toBe('null');
    expect(eventShape(new Proxy({}, { ownKeys() { throw new Error('x'); } }))).toBe('unreadable');
  });

  it('names nested class instances by constructor and leaves out private-by-convention keys', () => {
    class Socket {}
    class IncomingMessage {
      _readableState = { buffer: 'internal' };
      method = 'GET';
      socket = new Socket();
      headers = { host: 'x' };
    }
    expect(eventShape(new IncomingMessage())).toEqual({ method: 'string', socket: 'Socket', headers: { host: 'string' } });
  });

  it('is what an unhandled HTTP error logs: 500 to the client, the report in the log, no secret anywhere', async () => {
    const lines: string[] = [];
    const fn = onHttp({ name: 'orders', route: '/orders/{id}' }, () => {
      throw new Error('database unreachable');
    });
    const ctx = createContext({ fn, cloud: 'aws', invocationId: 'req-1', event: lambdaEvent, traceHeader: headerReader(lambdaEvent.headers), logSink: (line) => void lines.push(line) });
    const request = createLightRequest({ method: 'POST', url: () => 'https://x.example/orders/42', headers: () => new Headers(), body: lambdaEvent.body });
    const parts = await invokeHttp(fn, request, ctx);
    expect(parts.status).toBe(500);
    expect(String(parts.body)).not.toContain('database unreachable');
    const entry = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((e) => e.message === 'unhandled error in handler');
    expect(entry).toMatchObject({
      level: 'error', invocationId: 'req-1', requestId: 'req-1', traceId: TRACE,
      error: { message: 'database unreachable', stack: expect.stringContaining('database unreachable') },
      // The shape shows which fields came; a redacted name stays redacted even there.
      event: { headers: { authorization: '[REDACTED]', traceparent: 'string' }, body: 'string' },
    });
    for (const secret of ['header-secret', 'query-secret', 'cookie-secret', 'ada@example.com', '4111111111111111']) {
      expect(lines.join('')).not.toContain(secret);
    }
  });

  it('is what a failing object handler logs, with the event id and key', async () => {
    const lines: string[] = [];
    const fn = onObject({ name: 'thumbs', bucket: 'images' }, () => {
      throw new TypeError('unsupported image');
    });
    const raw = { s3: { bucket: { name: 'images' }, object: { key: 'cat.gif', size: 12 } } };
    const ctx = createContext({ fn, cloud: 'local', invocationId: 'inv-9', event: raw, logSink: (line) => void lines.push(line) });
    const event = createObjectEvent({ id: 'evt-1', source: 's3://images', type: 'object.created', time: '2026-01-01T00:00:00Z', data: { bucket: 'images', key: 'cat.gif' }, cloud: 'local', raw });
    await expect(invokeObjectEvent(fn, event, ctx)).rejects.toThrow(TypeError);
    const entry = JSON.parse(lines.find((line) => line.includes('event handler failed'))!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      eventId: 'evt-1', key: 'cat.gif', invocationId: 'inv-9',
      error: { name: 'TypeError', message: 'unsupported image' },
      event: { s3: { bucket: { name: 'string' }, object: { key: 'string', size: 'number' } } },
    });
  });

  it('is also used for HttpErrors of 5xx, while 4xx stay informational', () => {
    const lines: string[] = [];
    const fn = onHttp({ name: 'x', route: '/x' }, () => new Response());
    const ctx = createContext({ fn, cloud: 'local', event: { a: 1 }, logSink: (line) => void lines.push(line) });
    expect(errorParts(new HttpError(502, 'upstream failed'), ctx).status).toBe(502);
    expect(errorParts(new HttpError(404, 'no such order'), ctx).status).toBe(404);
    const [upstream, missing] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(upstream).toMatchObject({ level: 'error', status: 502, event: { a: 'number' }, error: { message: 'upstream failed' } });
    expect(missing).toMatchObject({ level: 'info', status: 404 });
    expect(missing).not.toHaveProperty('event');
  });
});
