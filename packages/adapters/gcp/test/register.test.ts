import { describe, expect, it } from 'vitest';
import { getFunction } from '@google-cloud/functions-framework/testing';
import { FaasadeConfigError, json, onHttp, type FunctionDefinition } from '@faasade/core';
import { createContext } from '@faasade/core/adapter';
import { gcpHandler, gcpPlatform, registerGcpFunctions } from '../src/index.js';
import { serve } from './serve.js';

const declare = (name: string) => onHttp({ name, route: '/x' }, () => json({ name }));

describe('registerGcpFunctions', () => {
  it('registers every declaration with the framework under its declared name', () => {
    registerGcpFunctions(declare('gcpRegA'), declare('gcpRegB'));
    expect(typeof getFunction('gcpRegA')).toBe('function');
    expect(typeof getFunction('gcpRegB')).toBe('function');
  });

  it.each([
    ['a non-HTTP declaration', [{ trigger: 'storage', options: { name: 'x' }, handler: () => {} } as unknown as FunctionDefinition]],
    ['a name Cloud Functions refuses', [declare('ends-with-dash-')]],
    ['the same name twice', [declare('gcpTwice'), declare('gcpTwice')]],
  ])('refuses %s with a config error, registering nothing', (_what, fns) => {
    const name = fns[0]!.options.name;
    expect(() => registerGcpFunctions(...fns)).toThrow(FaasadeConfigError);
    expect(getFunction(name)).toBeUndefined();
  });

  it('gcpHandler refuses something that is not an HTTP declaration', () => {
    expect(() => gcpHandler({} as never)).toThrow(FaasadeConfigError);
  });
});

describe('gcpPlatform', () => {
  it("reaches the framework's request and response from a handler", async () => {
    const fn = onHttp({ name: 'gcpPlatformSeen', route: '/' }, (_request, ctx) => {
      const gcp = gcpPlatform(ctx);
      const rawBody = gcp?.request.rawBody;
      return json({ rawBody: rawBody ? Buffer.from(rawBody).toString() : null, headersSent: gcp?.response.headersSent });
    });
    const served = await serve(fn);
    try {
      const res = await served.send('POST', '/', [['content-type', 'text/plain']], 'raw!');
      expect(JSON.parse(res.body.toString())).toEqual({ rawBody: 'raw!', headersSent: false });
    } finally {
      await served.close();
    }
  });

  it('is undefined on another cloud', () => {
    const ctx = createContext({ fn: declare('gcpElsewhere'), cloud: 'aws', event: {} });
    expect(gcpPlatform(ctx)).toBeUndefined();
    ctx.dispose();
  });
});
