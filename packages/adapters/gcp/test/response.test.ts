import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, json, onHttp } from '@faasade/core';
import { logsOf } from './logs.js';
import { serve, type Served, type WireResponse } from './serve.js';

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

const replies = onHttp({ name: 'gcpResponses', route: '/' }, (request) => {
  switch (new URL(request.url).pathname) {
    case '/custom':
      return new Response('made', { status: 201, headers: [['x-multi', 'a'], ['x-multi', 'b'], ['x-one', 'yes'], ['content-type', 'text/plain']] });
    case '/cookies': {
      const headers = new Headers();
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Secure');
      headers.append('set-cookie', 'c=3');
      return new Response(null, { headers });
    }
    case '/binary':
      return new Response(allBytes, { headers: { 'content-type': 'image/png' } });
    case '/untyped':
      return new Response(new TextEncoder().encode('<b>not html</b>'));
    case '/framing':
      return new Response('four', { headers: { 'content-length': '999', 'transfer-encoding': 'chunked' } });
    case '/no-content':
      return new Response(null, { status: 204 });
    case '/empty':
      return new Response(null, { status: 200 });
    case '/bad-value':
      return json({ ok: true }, { headers: { 'x-ok': 'fine', 'x-control': 'a\u0001b' } });
    default:
      throw new HttpError(404, 'no such reply');
  }
});

describe('gcp adapter: the response the client gets', () => {
  let fn: Served;
  beforeAll(async () => {
    fn = await serve(replies);
  });
  afterAll(() => fn.close());

  it('sends the status and each repeated header as its own line', async () => {
    const res = await fn.send('GET', '/custom');
    expect(res.status).toBe(201);
    expect(res.headers.filter(([name]) => name === 'x-multi').map(([, value]) => value).join(', ')).toBe('a, b');
    expect(res.header('x-one')).toBe('yes');
    expect(res.body.toString()).toBe('made');
  });

  it('sends one Set-Cookie line per cookie, commas inside dates intact', async () => {
    const res = await fn.send('GET', '/cookies');
    expect(res.headers.filter(([name]) => name === 'set-cookie').map(([, value]) => value)).toEqual([
      'a=1; Path=/',
      'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Secure',
      'c=3',
    ]);
  });

  it('sends binary bodies byte for byte with a correct Content-Length', async () => {
    const res = await fn.send('GET', '/binary');
    expect(res.header('content-type')).toBe('image/png');
    expect(res.header('content-length')).toBe('256');
    expect(new Uint8Array(res.body)).toEqual(allBytes);
  });

  it('adds no content type, charset or ETag of its own (unlike Express res.send)', async () => {
    const res = await fn.send('GET', '/untyped');
    expect(res.header('content-type')).toBeUndefined();
    expect(res.header('etag')).toBeUndefined();
    expect(res.body.toString()).toBe('<b>not html</b>');
  });

  it('frames the body itself, ignoring a stale Content-Length or Transfer-Encoding from the handler', async () => {
    const res = await fn.send('GET', '/framing');
    expect(res.header('content-length')).toBe('4');
    expect(res.header('transfer-encoding')).toBeUndefined();
    expect(res.body.toString()).toBe('four');
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const res = await fn.send('HEAD', '/binary');
    expect(res.status).toBe(200);
    expect(res.header('content-type')).toBe('image/png');
    expect(res.body.byteLength).toBe(0);
  });

  it('sends 204 and empty 200 responses without a body', async () => {
    const noContent = await fn.send('GET', '/no-content');
    const empty = await fn.send('GET', '/empty');
    expect(noContent.status).toBe(204);
    expect(noContent.body.byteLength).toBe(0);
    expect(empty.status).toBe(200);
    expect(empty.header('content-length')).toBe('0');
  });

  it('answers 500, with none of the handler headers, when a header value cannot go on the wire', async () => {
    let res: WireResponse | undefined;
    const logs = await logsOf(async () => {
      res = await fn.send('GET', '/bad-value');
    });
    expect(res!.status).toBe(500);
    expect(res!.header('content-type')).toBe('application/problem+json');
    expect(res!.header('x-ok')).toBeUndefined();
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', status: 500, error: expect.objectContaining({ code: 'ERR_INVALID_CHAR' }) }));
  });
});
