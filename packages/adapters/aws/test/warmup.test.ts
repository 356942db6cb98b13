import { describe, expect, it } from 'vitest';
import { json, onHttp } from '@faasade/core';
import { lambdaHttpHandler } from '../src/http.js';
import { lambdaHandler } from '../src/index.js';
import { lambdaContext, vendorEvent } from './support.js';

// The captured HTTP API event, as a GET (the vendor sample is a POST).
function httpApiGet() {
  const event = vendorEvent('apigw-v2-http-captured-no-authorizer.json');
  event.requestContext.http.method = 'GET';
  return event;
}

// A fresh declaration per test: the cold-start flag belongs to the declaration's instance.
function counted() {
  const calls: boolean[] = [];
  const fn = onHttp({ name: 'counted', route: '/{path+}', methods: ['GET'] }, (_request, ctx) => {
    calls.push(ctx.coldStart);
    return json({ ok: true });
  });
  return { fn, calls };
}

describe('lambdaHttpHandler: warm-up pings', () => {
  it('answers the {"faasade":"warmup"} payload without the handler; the ping is the cold start', async () => {
    const { fn, calls } = counted();
    const handler = lambdaHttpHandler(fn);
    expect(await handler({ faasade: 'warmup' }, lambdaContext())).toEqual({ faasade: 'warmup', coldStart: true });
    expect(await handler({ faasade: 'warmup' }, lambdaContext())).toEqual({ faasade: 'warmup', coldStart: false });
    const real = await handler(httpApiGet(), lambdaContext());
    expect([real.statusCode, calls]).toEqual([200, [false]]);
  });

  it('answers an EventBridge schedule carrying the payload, through lambdaHandler too', async () => {
    const { fn, calls } = counted();
    const scheduled = { ...vendorEvent('eventbridge-scheduled-event.json'), detail: { faasade: 'warmup' } };
    expect(await lambdaHandler(fn)(scheduled, lambdaContext())).toEqual({ faasade: 'warmup', coldStart: true });
    expect(calls).toEqual([]);
  });

  it('answers an HTTP request carrying x-faasade-warmup 204 in its front door\'s format, in any header spelling', async () => {
    const { fn, calls } = counted();
    const handler = lambdaHttpHandler(fn);
    const v2 = httpApiGet();
    v2.headers['x-faasade-warmup'] = '1';
    expect(await handler(v2, lambdaContext())).toMatchObject({ statusCode: 204, headers: { 'x-faasade-warmup': 'ok' } });
    const rest = vendorEvent('apigw-v1-rest-docs-payload-1.0.json');
    rest.httpMethod = 'GET';
    rest.headers = { ...rest.headers, 'X-Faasade-Warmup': 'yes' };
    rest.multiValueHeaders = { ...rest.multiValueHeaders, 'X-Faasade-Warmup': ['yes'] };
    expect(await handler(rest, lambdaContext())).toMatchObject({ statusCode: 204 });
    const alb = vendorEvent('alb-single-value-headers.json');
    alb.headers['x-faasade-warmup'] = '1';
    expect(await handler(alb, lambdaContext())).toMatchObject({ statusCode: 204, statusDescription: '204 No Content' });
    expect(calls).toEqual([]);
  });

  it('still refuses a ping with a method the function does not declare (405), and a payload that is no ping', async () => {
    const { fn, calls } = counted();
    const handler = lambdaHttpHandler(fn);
    const post = vendorEvent('apigw-v2-http-captured-no-authorizer.json'); // a POST; the function declares GET
    post.headers['x-faasade-warmup'] = '1';
    expect(await handler(post, lambdaContext())).toMatchObject({ statusCode: 405 });
    await expect(handler({ faasade: 'cool-down' }, lambdaContext())).rejects.toMatchObject({ code: 'UnknownEventShape' });
    expect(calls).toEqual([]);
  });
});
