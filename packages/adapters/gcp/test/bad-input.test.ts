import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, onHttp } from '@faasade/core';
import { logsOf } from './logs.js';
import { rawRequest, serve, type Served, type WireResponse } from './serve.js';

let calls = 0;
const small = onHttp({ name: 'gcpBadInput', route: '/', maxBodyBytes: 16 }, async (request) => {
  calls += 1;
  if (new URL(request.url).pathname === '/throw') throw new Error('secret: connection string is postgres://admin:hunter2@db');
  return json({ got: (await request.arrayBuffer()).byteLength });
});

beforeEach(() => {
  calls = 0;
});

describe('gcp adapter: bad input gets a clear 4xx, never a crash or a hang', () => {
  let fn: Served;
  beforeAll(async () => {
    fn = await serve(small);
  });
  afterAll(() => fn.close());

  it('accepts a body exactly at maxBodyBytes', async () => {
    const res = await fn.send('POST', '/', [['content-type', 'application/octet-stream']], new Uint8Array(16));
    expect(JSON.parse(res.body.toString())).toEqual({ got: 16 });
  });

  it('answers 413 for a body the framework parsed that is over maxBodyBytes, and logs why', async () => {
    let status = 0;
    const logs = await logsOf(async () => {
      status = (await fn.send('POST', '/', [['content-type', 'application/octet-stream']], new Uint8Array(17))).status;
    });
    expect(status).toBe(413);
    expect(calls).toBe(0);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', code: 'BodyTooLarge', path: 'body', cloud: 'gcp' }));
  });

  it('answers 413 from Content-Length alone, before reading an untyped body, and closes the connection', async () => {
    const res = await fn.raw(rawRequest('POST / HTTP/1.1\r\nHost: fn.example\r\nContent-Length: 100000000', 'only the start'));
    expect(res.status).toBe(413);
    expect(res.header('content-type')).toBe('application/problem+json');
    expect(res.header('connection')).toBe('close');
  });

  it('stops reading a chunked untyped body once it passes the limit', async () => {
    const chunk = '10\r\n0123456789abcdef\r\n';
    const res = await fn.raw(rawRequest('POST / HTTP/1.1\r\nHost: fn.example\r\nTransfer-Encoding: chunked', `${chunk}${chunk}0\r\n\r\n`));
    expect(res.status).toBe(413);
    expect(calls).toBe(0);
  });

  it.each([['a b/c'], ['user@evil.example'], ['fn.example:99999'], ['']])('answers 400 for the Host header %j', async (host) => {
    let status = 0;
    const logs = await logsOf(async () => {
      status = (await fn.raw(rawRequest(`GET / HTTP/1.1\r\nHost: ${host}`))).status;
    });
    expect(status).toBe(400);
    expect(calls).toBe(0);
    if (host !== '') expect(logs).toContainEqual(expect.objectContaining({ code: 'MalformedEvent', path: 'headers.host' }));
  });

  it('survives a client that disconnects mid-body, logs it, and keeps serving', async () => {
    const logs = await logsOf(async (seen) => {
      const socket = connect(fn.port, '127.0.0.1', () => {
        socket.write('POST / HTTP/1.1\r\nHost: fn.example\r\nContent-Length: 10\r\n\r\nabc');
        setTimeout(() => socket.destroy(), 50);
      });
      await vi.waitFor(() => expect(seen).toContainEqual(expect.objectContaining({ code: 'InvalidBody' })), { timeout: 5000 });
    });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', code: 'InvalidBody', path: 'body' }));
    expect(calls).toBe(0);
    expect((await fn.send('GET', '/')).status).toBe(200);
  });

  it('answers a thrown error with a generic 500, not the framework crash page with the message', async () => {
    let res: WireResponse | undefined;
    const logs = await logsOf(async () => {
      res = await fn.send('GET', '/throw');
    });
    expect(res!.status).toBe(500);
    expect(res!.header('content-type')).toBe('application/problem+json');
    expect(res!.header('x-google-status')).toBeUndefined();
    expect(res!.body.toString()).not.toMatch(/hunter2|secret/);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', status: 500, error: expect.objectContaining({ stack: expect.stringContaining('hunter2') }) }));
  });
});

// What the framework does itself, before the adapter runs: the same on Cloud Functions.
describe('gcp: requests the Functions Framework refuses before the function runs', () => {
  let fn: Served;
  beforeAll(async () => {
    fn = await serve(small);
  });
  afterAll(() => fn.close());

  it.each([
    ['malformed JSON', 400, 'POST / HTTP/1.1\r\nHost: fn.example\r\nContent-Type: application/json\r\nContent-Length: 8', '{"name":'],
    ['a JSON body that is not an object or array', 400, 'POST / HTTP/1.1\r\nHost: fn.example\r\nContent-Type: application/json\r\nContent-Length: 5', '"Ada"'],
    ['an unknown charset', 415, 'POST / HTTP/1.1\r\nHost: fn.example\r\nContent-Type: text/plain; charset=klingon\r\nContent-Length: 2', 'hi'],
    ['an unknown Content-Encoding', 415, 'POST / HTTP/1.1\r\nHost: fn.example\r\nContent-Type: text/plain\r\nContent-Encoding: zip\r\nContent-Length: 2', 'hi'],
    ['a path with broken percent-encoding', 400, 'GET /a%E0%A4%A HTTP/1.1\r\nHost: fn.example', ''],
  ])('%s → %i', async (_what, status, head, body) => {
    const res = await fn.raw(rawRequest(head, body));
    expect(res.status).toBe(status);
    expect(calls).toBe(0);
  });
});
