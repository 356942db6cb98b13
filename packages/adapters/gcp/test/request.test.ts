import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFunction, echoed, readEcho } from './echo.js';
import { rawRequest, serve, type Served } from './serve.js';

// Every request goes through the real Functions Framework (its Express app, body parsers
// and routing) via getTestServer, over a real socket.
describe('gcp adapter: the Request a handler gets', () => {
  let fn: Served;
  beforeAll(async () => {
    fn = await serve(echoFunction('gcpRequestEcho', { timeoutSeconds: 30 }));
  });
  afterAll(() => fn.close());

  it('builds the URL from X-Forwarded-Proto, Host and the raw path, percent-encoding and repeated query keys intact', async () => {
    const res = await fn.send('GET', '/a%2Fb/caf%C3%A9%20x?tag=1&tag=2&q=a%26b%3Dc&empty=', [
      ['host', 'hello-abc123-uc.a.run.app'],
      ['x-forwarded-proto', 'https'],
    ]);
    const url = new URL(readEcho(res.body).url);
    expect(url.origin).toBe('https://hello-abc123-uc.a.run.app');
    expect(url.pathname).toBe('/a%2Fb/caf%C3%A9%20x');
    expect(url.searchParams.getAll('tag')).toEqual(['1', '2']);
    expect(url.searchParams.get('q')).toBe('a&b=c');
    expect(url.searchParams.get('empty')).toBe('');
  });

  it('falls back to http and keeps a port when no front end set X-Forwarded-Proto', async () => {
    const res = await fn.send('GET', '/p', [['host', 'localhost:8080']]);
    expect(readEcho(res.body).url).toBe('http://localhost:8080/p');
  });

  it('takes path and query from an absolute-form request target', async () => {
    const res = await fn.raw(rawRequest('GET http://proxy.example/x%20y?a=1&a=2 HTTP/1.1\r\nHost: fn.example'));
    expect(readEcho(res.body).url).toBe('http://fn.example/x%20y?a=1&a=2');
  });

  it('keeps repeated headers, including ones Node would otherwise drop duplicates of', async () => {
    const res = await fn.send('GET', '/', [['x-multi', 'one'], ['x-multi', 'two'], ['user-agent', 'a'], ['user-agent', 'b']]);
    const echo = readEcho(res.body);
    expect(echoed(echo, 'x-multi')).toBe('one, two');
    expect(echoed(echo, 'user-agent')).toBe('a, b');
  });

  it('joins several Cookie headers with "; " so each cookie stays readable', async () => {
    const res = await fn.raw(rawRequest('GET / HTTP/1.1\r\nHost: fn.example\r\nCookie: a=1; b=2\r\nCookie: c=x%3By'));
    expect(echoed(readEcho(res.body), 'cookie')).toBe('a=1; b=2; c=x%3By');
  });

  it('passes non-ASCII header bytes through as Latin-1, as Fetch does', async () => {
    const res = await fn.raw(rawRequest('GET / HTTP/1.1\r\nHost: fn.example\r\nX-Name: caf\xe9'));
    expect(echoed(readEcho(res.body), 'x-name')).toBe('café');
  });

  const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80, 0x0d, 0x0a, 0xc3, 0x28]);
  it.each([
    ['application/octet-stream', bytes],
    ['image/png', bytes],
    ['application/json', Buffer.from('{"name":"Ada",  "x": [1,2]}\n')],
    ['text/plain; charset=iso-8859-1', Buffer.from([0x63, 0x61, 0x66, 0xe9])],
    ['application/x-www-form-urlencoded', Buffer.from('a=1&a=2&b=%20')],
    ['application/vnd.api+json', Buffer.from('{"data":null}')],
  ])('hands over the exact body bytes for %s, whichever framework parser read them', async (type, body) => {
    const res = await fn.send('POST', '/', [['content-type', type]], body);
    expect(Buffer.from(readEcho(res.body).body, 'base64')).toEqual(body);
  });

  it('reads the body itself when no Content-Type was sent (the framework parsers skip it)', async () => {
    const res = await fn.send('PUT', '/', [], bytes);
    expect(Buffer.from(readEcho(res.body).body, 'base64')).toEqual(bytes);
  });

  it('reads a chunked body without Content-Type', async () => {
    const res = await fn.raw(rawRequest('POST / HTTP/1.1\r\nHost: fn.example\r\nTransfer-Encoding: chunked', '3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n'));
    expect(Buffer.from(readEcho(res.body).body, 'base64').toString()).toBe('abcde');
  });

  it('gives GET no body even when the client sent one', async () => {
    const res = await fn.send('GET', '/', [['content-type', 'text/plain']], 'ignored');
    expect(readEcho(res.body).body).toBe('');
  });

  it('drops Content-Encoding once the framework has inflated the body, so handlers do not inflate twice', async () => {
    const res = await fn.send('POST', '/', [['content-type', 'application/octet-stream'], ['content-encoding', 'gzip']], gzipSync('plain text'));
    const echo = readEcho(res.body);
    expect(Buffer.from(echo.body, 'base64').toString()).toBe('plain text');
    expect(echoed(echo, 'content-encoding')).toBeUndefined();
    expect(echoed(echo, 'content-type')).toBe('application/octet-stream');
  });

  it('leaves a compressed body without Content-Type compressed, header included', async () => {
    const gz = gzipSync('plain text');
    const echo = readEcho((await fn.send('POST', '/', [['content-encoding', 'gzip']], gz)).body);
    expect(Buffer.from(echo.body, 'base64')).toEqual(gz);
    expect(echoed(echo, 'content-encoding')).toBe('gzip');
  });

  it('uses Function-Execution-Id as the invocation id, else the execution id the framework gives each request', async () => {
    const trace = '105445aa7843bc8bf206b12000100000';
    const byExecution = readEcho((await fn.send('GET', '/', [['function-execution-id', 'exec-42'], ['x-cloud-trace-context', `${trace}/1;o=1`]])).body);
    const first = readEcho((await fn.send('GET', '/')).body);
    const second = readEcho((await fn.send('GET', '/')).body);
    expect(byExecution.invocationId).toBe('exec-42');
    expect(first.invocationId).toMatch(/^[\w.:-]{8,128}$/);
    expect(second.invocationId).not.toBe(first.invocationId);
  });

  it('gives two invocations in one propagated trace their own invocation ids', async () => {
    // A caller that calls the function twice in one trace sends the same trace id both
    // times: an id taken from the trace would make their log lines indistinguishable.
    const trace = '105445aa7843bc8bf206b12000100000';
    const ids = [];
    for (const header of [['x-cloud-trace-context', `${trace}/1;o=1`], ['x-cloud-trace-context', `${trace}/2;o=1`], ['traceparent', `00-${trace}-00f067aa0ba902b7-01`], ['traceparent', `00-${trace}-00f067aa0ba902b8-01`]] as const) {
      ids.push(readEcho((await fn.send('GET', '/', [[header[0], header[1]]])).body).invocationId);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reports the cloud and a deadline from the declared timeoutSeconds', async () => {
    const echo = readEcho((await fn.send('GET', '/')).body);
    expect(echo.cloud).toBe('gcp');
    expect(echo.remainingMs).toBeGreaterThan(20_000);
    expect(echo.remainingMs).toBeLessThanOrEqual(30_000);
  });
});
