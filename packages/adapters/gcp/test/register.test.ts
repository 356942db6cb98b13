import { describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { getFunction, getTestServer } from '@google-cloud/functions-framework/testing';
import { FaasadeConfigError, json, onHttp, onObject, type FunctionDefinition } from '@faasade/core';
import { createContext } from '@faasade/core/adapter';
import { gcpEventHandler, gcpHandler, gcpPlatform, registerGcpFunctions } from '../src/index.js';
import { storageEvent } from './events/sample-events.js';
import { serve } from './serve.js';

const declare = (name: string) => onHttp({ name, route: '/x' }, () => json({ name }));
const declareObject = (name: string) => onObject({ name, bucket: 'images' }, () => {});

describe('registerGcpFunctions', () => {
  it('registers every declaration with the framework under its declared name', () => {
    registerGcpFunctions(declare('gcpRegA'), declare('gcpRegB'));
    expect(typeof getFunction('gcpRegA')).toBe('function');
    expect(typeof getFunction('gcpRegB')).toBe('function');
  });

  it('registers object functions as CloudEvent functions beside HTTP ones', async () => {
    const keys: string[] = [];
    const renditions = onObject({ name: 'gcpRegObject', bucket: 'images' }, (event) => void keys.push(event.data.key));
    registerGcpFunctions(declare('gcpRegHttp'), renditions);
    // A CloudEvent function takes the event alone: with two parameters the framework would call it callback style.
    expect(getFunction('gcpRegObject')).toHaveLength(1);
    const server = getTestServer('gcpRegObject');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(storageEvent()) });
      expect(response.status).toBe(204);
      expect(keys).toEqual(['uploads/cat.jpg']);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });

  it.each([
    ['a declaration of an unknown trigger', [{ trigger: 'storage', options: { name: 'x' }, handler: () => {} } as unknown as FunctionDefinition]],
    ['a name Cloud Functions refuses', [declare('ends-with-dash-')]],
    ['the same name twice', [declare('gcpTwice'), declareObject('gcpTwice')]],
    ['a list with one bad declaration', [declareObject('gcpFirstOfBadList'), { trigger: 'object', options: { name: 'gcpBad' } } as unknown as FunctionDefinition]],
  ])('refuses %s with a config error, registering nothing', (_what, fns) => {
    const name = fns[0]!.options.name;
    expect(() => registerGcpFunctions(...fns)).toThrow(FaasadeConfigError);
    expect(getFunction(name)).toBeUndefined();
  });

  it('gcpHandler refuses something that is not an HTTP declaration', () => {
    expect(() => gcpHandler({} as never)).toThrow(FaasadeConfigError);
    expect(() => gcpHandler(declareObject('gcpNotHttp') as never)).toThrow(FaasadeConfigError);
  });

  it('gcpEventHandler refuses something that is not an object declaration', () => {
    expect(() => gcpEventHandler(declare('gcpNotObject') as never)).toThrow(FaasadeConfigError);
  });
});

describe('gcpPlatform', () => {
  it("reaches the framework's request and response from a handler", async () => {
    const fn = onHttp({ name: 'gcpPlatformSeen', route: '/' }, (_request, ctx) => {
      const gcp = gcpPlatform(ctx);
      if (gcp?.trigger !== 'http') return json({ trigger: gcp?.trigger ?? null });
      const rawBody = gcp.request.rawBody;
      return json({ rawBody: rawBody ? Buffer.from(rawBody).toString() : null, headersSent: gcp.response.headersSent });
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
