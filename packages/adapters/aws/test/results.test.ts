import { describe, expect, it } from 'vitest';
import { onHttp, text } from '@faasade/core';
import { lambdaHandler } from '../src/index.js';
import { captureLogs, lambdaContext, replying, vendorEvent } from './support.js';

// How a response becomes each front door's result: body encoding, cookies, repeated
// headers, status lines, HEAD.
const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const events = {
  httpApi: () => vendorEvent('apigw-v2-http-jwt-cookies.json'),
  functionUrl: () => vendorEvent('function-url-captured-get.json'),
  rest: () => vendorEvent('apigw-v1-rest-multivalue-authorizer-ctx.json'),
  albSingle: () => vendorEvent('alb-single-value-headers.json'),
  albMulti: () => vendorEvent('alb-multi-value-headers.json'),
};
type Result = Record<string, any>;
const runReply = async (reply: Parameters<typeof replying>[0], event: Record<string, any>): Promise<Result> => {
  const { value, error } = await captureLogs(() => lambdaHandler(replying(reply))(event, lambdaContext()));
  if (error) throw error;
  return value as Result;
};

const run = runReply;

describe('bodies', () => {
  for (const [name, event] of Object.entries(events)) {
    it(`${name}: binary content types travel as base64, byte for byte`, async () => {
      const result = await run({ body: bytes, type: 'image/png' }, event());
      expect(result.isBase64Encoded).toBe(true);
      expect(new Uint8Array(Buffer.from(result.body, 'base64'))).toEqual(bytes);
    });

    it(`${name}: text content types travel as text`, async () => {
      const result = await run({ body: 'héllo 🚀', type: 'text/plain; charset=utf-8' }, event());
      expect(result).toMatchObject({ body: 'héllo 🚀', isBase64Encoded: false });
    });
  }

  it('sends text-typed bytes that are not UTF-8 as base64, so nothing is replaced', async () => {
    const result = await run({ body: Uint8Array.of(0x68, 0xff, 0x69), type: 'text/plain' }, events.httpApi());
    expect(result.isBase64Encoded).toBe(true);
    expect([...Buffer.from(result.body, 'base64')]).toEqual([0x68, 0xff, 0x69]);
  });

  it('sends a body without a content type as base64 (its bytes are not known to be text)', async () => {
    const result = await run({ body: Uint8Array.of(1, 2, 3) }, events.functionUrl());
    expect(result).toMatchObject({ isBase64Encoded: true, body: 'AQID' });
  });

  it('answers HEAD with an empty body', async () => {
    const event = events.functionUrl();
    event.requestContext.http.method = 'HEAD';
    const result = await run({ body: 'content', type: 'text/plain' }, event);
    expect(result).toMatchObject({ statusCode: 200, body: '', isBase64Encoded: false });
  });

  it('answers 204 with an empty body', async () => {
    expect(await run({ status: 204 }, events.rest())).toMatchObject({ statusCode: 204, body: '' });
  });
});

describe('headers and cookies', () => {
  // A Fetch Headers object joins repeated values ("a, b"); a light response given pairs
  // keeps each one, and so must the front doors that can carry them.
  const cookies = ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT'];
  const pairs: Array<[string, string]> = [['x-multi', 'a'], ['x-multi', 'b'], ['cache-control', 'no-store'], ...cookies.map((c) => ['set-cookie', c] as [string, string])];
  const withPairs = onHttp({ name: 'pairs', route: '/{path+}' }, () => text('ok', { status: 201, headers: pairs }));
  const run = async (_reply: unknown, event: Record<string, any>): Promise<Result> => {
    const { value, error } = await captureLogs(() => lambdaHandler(withPairs)(event, lambdaContext()));
    if (error) throw error;
    return value as Result;
  };
  const reply = { cookies };

  it('joins repeats from a Fetch Headers object as Fetch does', async () => {
    const result = await runReply({ headers: [['x-multi', 'a'], ['x-multi', 'b']] }, events.rest());
    expect(result.multiValueHeaders['x-multi']).toEqual(['a, b']);
  });

  it('HTTP API / Function URL: cookies in `cookies`, repeated headers joined', async () => {
    for (const event of [events.httpApi(), events.functionUrl()]) {
      const result = await run(reply, event);
      expect(result.statusCode).toBe(201);
      expect(result.cookies).toEqual(reply.cookies);
      expect(result.headers).toMatchObject({ 'x-multi': 'a, b', 'cache-control': 'no-store' });
      expect(result.headers).not.toHaveProperty('set-cookie');
    }
  });

  it('REST API: every value in multiValueHeaders, Set-Cookie included', async () => {
    const result = await run(reply, events.rest());
    expect(result.multiValueHeaders).toMatchObject({ 'x-multi': ['a', 'b'], 'set-cookie': reply.cookies });
  });

  it('ALB with multi-value headers: multiValueHeaders and a status line', async () => {
    const result = await run(reply, events.albMulti());
    expect(result).toMatchObject({ statusDescription: '201 Created', multiValueHeaders: { 'x-multi': ['a', 'b'], 'set-cookie': reply.cookies } });
    expect(result).not.toHaveProperty('headers');
  });

  it('ALB without multi-value headers: one value per header, the last Set-Cookie, and a warning', async () => {
    const { value, logs } = await captureLogs(() => lambdaHandler(withPairs)(events.albSingle(), lambdaContext()));
    expect(value).toMatchObject({ statusDescription: '201 Created', headers: { 'x-multi': 'a, b', 'set-cookie': reply.cookies[1] } });
    expect(value).not.toHaveProperty('multiValueHeaders');
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', dropped: 1 }));
  });

  it('ALB status line for a code without a known reason phrase', async () => {
    expect(await runReply({ status: 299 }, events.albSingle())).toMatchObject({ statusCode: 299, statusDescription: '299' });
  });
});
