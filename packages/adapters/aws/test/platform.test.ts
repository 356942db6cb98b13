import { describe, expect, it } from 'vitest';
import { FaasadeConfigError, json, onHttp } from '@faasade/core';
import { createContext } from '@faasade/core/adapter';
import { awsPlatform, lambdaHandler, type ApiGatewayV2Event } from '../src/index.js';
import { lambdaContext, seen, vendorEvent } from './support.js';

describe('awsPlatform(ctx)', () => {
  it('gives the raw event and Lambda context, typed', async () => {
    const fn = onHttp({ name: 'claims', route: '/{path+}' }, (_request, ctx) => {
      const platform = awsPlatform<ApiGatewayV2Event>(ctx);
      return json({ claims: platform?.event.requestContext.authorizer, requestId: platform?.context.awsRequestId });
    });
    const result = await lambdaHandler(fn)(vendorEvent('apigw-v2-http-jwt-cookies.json'), lambdaContext('req-42'));
    expect(seen(result as never)).toEqual({ claims: { jwt: { claims: { claim1: 'value1', claim2: 'value2' }, scopes: ['scope1', 'scope2'] } }, requestId: 'req-42' });
  });

  it('is undefined on another cloud', () => {
    const fn = onHttp({ name: 'local', route: '/' }, () => json({}));
    const ctx = createContext({ fn, cloud: 'local', event: {} });
    expect(awsPlatform(ctx)).toBeUndefined();
    ctx.dispose();
  });
});

describe('lambdaHandler(fn)', () => {
  it('refuses something that is not an HTTP function, at declaration time', () => {
    expect(() => lambdaHandler({ trigger: 'queue' } as never)).toThrow(FaasadeConfigError);
  });
});
