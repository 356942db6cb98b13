import { describe, expect, it } from 'vitest';
import { json, text } from '@faasade/core';
import { createLightRequest, readResponse } from '@faasade/core/adapter';

describe('response helpers', () => {
  it('give each answer its own header list, so an adapter adding to one leaves the next alone', async () => {
    const first = await readResponse(json({ n: 1 }));
    first.headers.push(['connection', 'close']);
    first.cookies.push('a=1');
    const second = await readResponse(json({ n: 2 }));
    expect(second).toEqual({ status: 200, headers: [['content-type', 'application/json']], cookies: [], body: '{"n":2}' });
  });

  it('add their content type to the init they are given', async () => {
    expect((await readResponse(json(1, { status: 201 }))).headers).toEqual([['content-type', 'application/json']]);
    expect((await readResponse(text('hi', { headers: { 'x-a': '1' } }))).headers).toEqual([['x-a', '1'], ['content-type', 'text/plain;charset=UTF-8']]);
    expect((await readResponse(json(1, { headers: [['Content-Type', 'application/problem+json']] }))).headers).toEqual([['content-type', 'application/problem+json']]);
  });

  it('check a frozen header record on every answer until it is valid, never caching a failure', async () => {
    const bad = Object.freeze({ 'x-bad': 'a\r\nset-cookie: evil=1' });
    for (let i = 0; i < 2; i++) await expect(readResponse(text('x', { headers: bad }))).rejects.toThrow(/CR, LF and NUL are not allowed/);
    const good = Object.freeze({ 'X-Good': ' yes ' });
    expect((await readResponse(text('x', { headers: good }))).headers).toEqual([['x-good', 'yes'], ['content-type', 'text/plain;charset=UTF-8']]);
  });

  it('settle a promise as the response itself: a Response, not something to unwrap', async () => {
    const response = json({ ok: true });
    expect(await Promise.resolve(response)).toBe(response);
    expect(response).toBeInstanceOf(Response);
    expect((response as unknown as { then?: unknown }).then).toBeUndefined();
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('LightRequest bodies', () => {
  it('carry no body for GET and HEAD, whatever the platform handed over', async () => {
    const parts = { url: () => 'https://x.test/', headers: () => new Headers(), body: 'ignored' };
    const get = createLightRequest({ method: 'GET', ...parts });
    expect(get.body).toBeNull();
    expect(await get.text()).toBe('');
    const post = createLightRequest({ method: 'POST', ...parts });
    expect(await post.text()).toBe('ignored');
  });
});
