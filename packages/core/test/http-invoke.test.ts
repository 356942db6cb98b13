/**
 * `invokeHttp` and its callback form `answerHttp`, as adapters and the local dev server
 * drive them: the same answers either way, exactly one reply, and no body on a HEAD
 * answer whatever produced it.
 */
import { describe, expect, it } from 'vitest';
import { HttpError, json, onHttp, type HttpFunction } from '@faasade/core';
import { answerHttp, createContext, createLightRequest, invokeHttp, type ResponseParts } from '@faasade/core/adapter';

const greet = onHttp({ name: 'greet', route: '/greet', methods: ['GET', 'HEAD'] }, async () => json({ message: 'hi' }));
const broken = onHttp({ name: 'broken', route: '/broken' }, async () => {
  throw new HttpError(409, 'already there');
});

function request(method: string): Request {
  return createLightRequest({ method, url: () => 'https://x.test/greet', headers: () => new Headers(), body: null });
}

/** A context whose log lines (the failure's) are kept out of the test output. */
function context(fn: HttpFunction) {
  return createContext({ fn, cloud: 'local', event: {}, logSink: () => undefined });
}

function answer(fn: HttpFunction, method: string): Promise<{ parts: ResponseParts; replies: number }> {
  return new Promise((resolve, reject) => {
    let replies = 0;
    let parts: ResponseParts | undefined;
    answerHttp(fn, request(method), context(fn), {
      answer(answered) {
        replies++;
        parts = answered;
      },
      fail: reject,
    });
    // Later turns would show a second reply.
    setTimeout(() => (parts ? resolve({ parts, replies }) : reject(new Error('no reply'))), 20);
  });
}

describe('answerHttp', () => {
  it('replies once with the parts invokeHttp resolves to', async () => {
    const viaCallback = await answer(greet, 'GET');
    const viaPromise = await invokeHttp(greet, request('GET'), context(greet));
    expect(viaCallback.replies).toBe(1);
    expect(viaCallback.parts).toEqual(viaPromise);
    expect([viaPromise.status, viaPromise.body]).toEqual([200, '{"message":"hi"}']);
  });

  it('replies once with the error answer when the handler fails', async () => {
    const { parts, replies } = await answer(broken, 'GET');
    expect(replies).toBe(1);
    expect(parts.status).toBe(409);
    expect(JSON.parse(parts.body as string)).toMatchObject({ status: 409, detail: 'already there' });
  });
});

describe('HEAD', () => {
  it('answers carry no body: the handler\'s, a failure\'s and a refused method\'s', async () => {
    const ok = await invokeHttp(greet, request('HEAD'), context(greet));
    expect([ok.status, ok.body]).toEqual([200, null]);
    expect(ok.headers).toContainEqual(['content-type', 'application/json']);
    const failed = await answer(broken, 'HEAD');
    expect([failed.parts.status, failed.parts.body]).toEqual([409, null]);
    const refused = onHttp({ name: 'posts', route: '/posts', methods: ['POST'] }, async () => json({}));
    const notAllowed = await invokeHttp(refused, request('HEAD'), context(refused));
    expect([notAllowed.status, notAllowed.body]).toEqual([405, null]);
    expect(notAllowed.headers).toContainEqual(['allow', 'POST']);
  });
});
