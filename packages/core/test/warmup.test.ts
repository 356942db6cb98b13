import { describe, expect, it } from 'vitest';
import { onHttp, text } from '@faasade/core';
import { answerWarmupRequests, createContext, createLightRequest, invokeHttp, isWarmupPing, WARMUP_PAYLOAD } from '@faasade/core/adapter';

describe('isWarmupPing', () => {
  it('recognises the payload, EventBridge events carrying it, and HTTP events with the header', () => {
    expect(isWarmupPing(WARMUP_PAYLOAD)).toBe(true);
    expect(isWarmupPing({ version: '0', source: 'aws.scheduler', 'detail-type': 'Scheduled Event', detail: { faasade: 'warmup' } })).toBe(true);
    expect(isWarmupPing({ source: 'my.app', 'detail-type': 'faasade.warmup', detail: {} })).toBe(true);
    expect(isWarmupPing({ version: '2.0', rawPath: '/hello', headers: { 'x-faasade-warmup': '1' } })).toBe(true);
    expect(isWarmupPing({ httpMethod: 'GET', headers: null, multiValueHeaders: { 'X-Faasade-Warmup': ['1'] } })).toBe(true);
    expect(isWarmupPing({ headers: new Headers({ 'x-faasade-warmup': 'yes' }) })).toBe(true);
    // REST API and ALB events keep the client's spelling of header names; Node's requests lower-case them.
    expect(isWarmupPing({ httpMethod: 'GET', headers: { 'X-FaaSade-Warmup': '1' }, multiValueHeaders: null })).toBe(true);
    expect(isWarmupPing({ method: 'GET', url: '/hello', headers: { host: 'localhost', 'x-faasade-warmup': '' } })).toBe(true);
  });

  it('reads a Node request\'s raw header list, any spelling, without making Node build its headers object', () => {
    let headerReads = 0;
    const request = (rawHeaders: string[]) => ({
      method: 'GET', url: '/hello', rawHeaders,
      get headers() {
        headerReads++;
        return {};
      },
    });
    expect(isWarmupPing(request(['Host', 'localhost', 'X-Faasade-Warmup', '1']))).toBe(true);
    expect(isWarmupPing(request(['host', 'localhost', 'x-faasade-warmup', '']))).toBe(true);
    expect(isWarmupPing(request(['Host', 'localhost', 'Accept', 'x-faasade-warmup']))).toBe(false);
    expect(headerReads).toBe(0);
  });

  it('leaves real work alone, and never throws on odd values', () => {
    expect(isWarmupPing({ Records: [{ eventSource: 'aws:s3' }] })).toBe(false);
    expect(isWarmupPing({ 'detail-type': 'Object Created', detail: { bucket: { name: 'images' } } })).toBe(false);
    expect(isWarmupPing({ version: '2.0', rawPath: '/hello', headers: { accept: '*/*' } })).toBe(false);
    expect(isWarmupPing({ faasade: 'other' })).toBe(false);
    for (const odd of [null, undefined, 'warmup', 42, [], [WARMUP_PAYLOAD], { headers: 'x-faasade-warmup' }]) expect(isWarmupPing(odd)).toBe(false);
  });
});

describe('answerWarmupRequests', () => {
  it('answers a ping with 204 before the handler runs, and passes other requests through', async () => {
    let calls = 0;
    const fn = answerWarmupRequests(onHttp({ name: 'counted', route: '/counted', methods: ['GET'] }, () => (calls++, text('ran'))));
    const send = (headers: Record<string, string>) =>
      invokeHttp(fn, createLightRequest({ method: 'GET', url: () => 'https://x.test/counted', headers: () => new Headers(headers), body: null }), createContext({ fn, cloud: 'local', event: {} }));
    const ping = await send({ 'x-faasade-warmup': '1' });
    expect([ping.status, ping.headers, calls]).toEqual([204, [['x-faasade-warmup', 'ok']], 0]);
    const real = await send({});
    expect([real.status, calls]).toEqual([200, 1]);
    expect(fn.options.name).toBe('counted');
  });
});
