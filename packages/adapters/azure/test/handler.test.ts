import { describe, expect, it } from 'vitest';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { HttpError, json, onHttp, type Context } from '@faasade/core';
import { azureHandler, azurePlatform } from '../src/index.js';

// The library's public test constructors build the same HttpRequest / InvocationContext
// the worker builds from an RPC message (see test/azure for the full host path).
const url = 'https://app.azurewebsites.net/api/echo?x=1&x=2';

function invocation() {
  const logs: Array<{ level: string; line: Record<string, unknown> }> = [];
  const context = new InvocationContext({
    invocationId: 'a1b2c3d4-0000-4000-8000-000000000001',
    functionName: 'echo',
    logHandler: (level, ...args) => logs.push({ level, line: JSON.parse(String(args[0])) as Record<string, unknown> }),
  });
  return { context, logs };
}

let seen: { request: Request; ctx: Context } | undefined;
const echo = onHttp({ name: 'echo', route: '/echo', maxBodyBytes: 16, timeoutSeconds: 30 }, async (request, ctx) => {
  seen = { request, ctx };
  if (request.headers.has('x-fail')) throw new Error('boom');
  if (request.headers.has('x-teapot')) throw new HttpError(418, 'teapot');
  const body = new Uint8Array(await request.arrayBuffer());
  return json({ method: request.method, url: request.url, size: body.byteLength, cookie: request.headers.get('cookie') });
});

const bodyOf = (init: HttpResponseInit) => JSON.parse(new TextDecoder().decode(init.body as Uint8Array)) as Record<string, unknown>;

describe('azureHandler', () => {
  it('hands the handler the URL, method, headers and exact body bytes', async () => {
    const { context } = invocation();
    const request = new HttpRequest({ method: 'POST', url, headers: { cookie: 'a=1; b=2', 'content-length': '4' }, body: { bytes: new Uint8Array([0, 255, 10, 13]) } });
    const init = await azureHandler(echo)(request, context);
    expect(init.status).toBe(200);
    expect(bodyOf(init)).toEqual({ method: 'POST', url, size: 4, cookie: 'a=1; b=2' });
    expect(seen?.request).toBeInstanceOf(Request);
  });

  it('fills ctx from the invocation: id, cloud, deadline from timeoutSeconds, and the typed escape hatch', async () => {
    const { context } = invocation();
    const request = new HttpRequest({ method: 'GET', url });
    const before = Date.now();
    await azureHandler(echo)(request, context);
    const ctx = seen!.ctx;
    expect(ctx.invocationId).toBe(context.invocationId);
    expect(ctx.cloud).toBe('azure');
    expect(ctx.deadline).toBeGreaterThanOrEqual(before + 30_000);
    expect(ctx.deadline).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(azurePlatform(ctx)).toEqual({ trigger: 'http', request, context });
  });

  it('writes faasade log lines through the invocation context at their level', async () => {
    const { context, logs } = invocation();
    await azureHandler(echo)(new HttpRequest({ method: 'GET', url, headers: { 'x-fail': '1' } }), context);
    const entry = logs.find((log) => log.line.message === 'unhandled error in handler');
    expect(entry?.level).toBe('error');
    expect(entry?.line).toMatchObject({ invocationId: context.invocationId, function: 'echo', cloud: 'azure' });
  });

  it('answers a thrown HttpError with its status and a failing handler with a 500', async () => {
    const teapot = await azureHandler(echo)(new HttpRequest({ method: 'GET', url, headers: { 'x-teapot': '1' } }), invocation().context);
    expect(teapot.status).toBe(418);
    const failed = await azureHandler(echo)(new HttpRequest({ method: 'GET', url, headers: { 'x-fail': '1' } }), invocation().context);
    expect(failed.status).toBe(500);
    expect(new TextDecoder().decode(failed.body as Uint8Array)).not.toContain('boom');
  });
});

describe('azureHandler with bad input', () => {
  it('answers 413 for a declared Content-Length over maxBodyBytes, without reading the body', async () => {
    const { context, logs } = invocation();
    const request = new HttpRequest({ method: 'POST', url, headers: { 'content-length': '17' }, body: { bytes: new Uint8Array(17) } });
    const init = await azureHandler(echo)(request, context);
    expect(init.status).toBe(413);
    expect(request.bodyUsed).toBe(false);
    expect(logs.find((log) => log.level === 'warning')?.line).toMatchObject({ code: 'BodyTooLarge', path: 'body' });
  });

  it('answers 413 for a body over maxBodyBytes sent without Content-Length', async () => {
    const request = new HttpRequest({ method: 'PUT', url, body: { bytes: new Uint8Array(64) } });
    expect((await azureHandler(echo)(request, invocation().context)).status).toBe(413);
  });

  it('answers 400 when the body cannot be read', async () => {
    const { context, logs } = invocation();
    const request = new HttpRequest({ method: 'POST', url, headers: { 'content-length': '3' }, body: { bytes: new Uint8Array(3) } });
    await request.text(); // someone (a hook, say) consumed it already
    const init = await azureHandler(echo)(request, context);
    expect(init.status).toBe(400);
    expect(logs.at(-1)?.line).toMatchObject({ code: 'InvalidBody' });
  });

  it.each([
    ['null', null],
    ['an empty object', {}],
    ['a relative url', { method: 'GET', url: '/api/echo', headers: new Headers() }],
    ['missing headers', { method: 'GET', url }],
  ])('answers 400 MalformedEvent for %s instead of an HttpRequest', async (_name, request) => {
    const { context, logs } = invocation();
    const init = await azureHandler(echo)(request as unknown as HttpRequest, context);
    expect(init.status).toBe(400);
    expect(logs.at(-1)?.line).toMatchObject({ code: 'MalformedEvent' });
  });

  it('still answers when there is no usable invocation context', async () => {
    const init = await azureHandler(echo)(new HttpRequest({ method: 'GET', url }), undefined as unknown as InvocationContext);
    expect(init.status).toBe(200);
  });
});
