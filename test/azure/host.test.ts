import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { azurePlatform } from '@faasade/azure';
import { bodyJson, bodyText, clientRequest, contractFunction, header } from '@faasade/contract';
import { json, onHttp } from '@faasade/core';
import hello from '@faasade/hello';
import { azureHarness } from './harness.js';
import { httpRouteOf } from './host-routing.js';
import { toClientResponse } from './host-response.js';
import type { RpcInvocationRequest } from './rpc-types.js';

const whoami = onHttp({ name: 'whoami', route: '/users/{id}', methods: ['GET'] }, (_request, ctx) => {
  const azure = azurePlatform(ctx);
  return json({ invocationId: ctx.invocationId, id: azure?.trigger === 'http' ? azure.request.params.id : undefined, functionName: azure?.context.functionName });
});

describe('registration through app.http', () => {
  it('declares the name, the Azure route template, every routable method and anonymous auth', async () => {
    const harness = azureHarness();
    const deployed = await harness.deploy(contractFunction);
    try {
      expect(harness.core.programmingModel?.name).toBe('@azure/functions');
      const route = httpRouteOf(harness.core.functions.get('contract')!.metadata);
      expect(route).toMatchObject({ functionName: 'contract', template: 'contract/{*path}', authLevel: 'anonymous' });
      expect([...route!.methods!].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    } finally {
      await deployed.close();
    }
  });

  it('with routeAllMethods false, routes only declared methods (HEAD with GET); the host answers 404 for others', async () => {
    const deployed = await azureHarness({ register: { routeAllMethods: false } }).deploy(hello);
    try {
      expect((await deployed.request(clientRequest({ path: '/hello', method: 'DELETE' }))).status).toBe(404);
      expect(deployed.invocations).toHaveLength(0);
      expect((await deployed.request(clientRequest({ path: '/hello', method: 'HEAD' }))).status).toBe(200);
    } finally {
      await deployed.close();
    }
  });

  it('with authLevel function, the host demands a key before the function runs', async () => {
    const harness = azureHarness({ register: { authLevel: 'function' }, keys: { function: ['fn-key'], master: 'master' } });
    const deployed = await harness.deploy(hello);
    try {
      expect((await deployed.request(clientRequest({ path: '/hello' }))).status).toBe(401);
      expect(deployed.invocations).toHaveLength(0);
      expect((await deployed.request(clientRequest({ path: '/hello', query: [['code', 'fn-key']] }))).status).toBe(200);
      expect((await deployed.request(clientRequest({ path: '/hello', headers: [['x-functions-key', 'master']] }))).status).toBe(200);
    } finally {
      await deployed.close();
    }
  });
});

describe('an invocation through the stand-in host', () => {
  it('gives ctx the host invocation id and the escape hatch the library objects, route values decoded', async () => {
    const deployed = await azureHarness().deploy(whoami);
    try {
      const response = await deployed.request(clientRequest({ path: '/users/a%20b' }));
      expect(bodyJson(response)).toEqual({ invocationId: deployed.invocations[0]!.request.invocationId, id: 'a b', functionName: 'whoami' });
    } finally {
      await deployed.close();
    }
  });

  it('answers an oversized body with 413 and a warning in the invocation log, without failing the invocation', async () => {
    const upload = onHttp({ name: 'upload', route: '/upload', maxBodyBytes: 8 }, async (request) => json({ size: (await request.arrayBuffer()).byteLength }));
    const deployed = await azureHarness().deploy(upload);
    try {
      const response = await deployed.request(clientRequest({ path: '/upload', method: 'POST', body: new Uint8Array(9) }));
      expect(response.status).toBe(413);
      expect(header(response, 'content-type')).toBe('application/problem+json');
      const [record] = deployed.invocations;
      expect(record!.error).toBeUndefined();
      const warning = record!.logs.find((log) => log.category === 'user' && log.level === 'warning');
      expect(JSON.parse(warning!.message)).toMatchObject({ code: 'BodyTooLarge', function: 'upload', cloud: 'azure' });
      expect(bodyJson(await deployed.request(clientRequest({ path: '/upload', method: 'POST', body: new Uint8Array(8) })))).toEqual({ size: 8 });
    } finally {
      await deployed.close();
    }
  });

  it('carries several Set-Cookie headers to the client as the same cookies, whatever the host re-spells', async () => {
    const deployed = await azureHarness().deploy(contractFunction);
    try {
      const sent = ['a=1; Path=/; HttpOnly', 'b=x%2Fy; Max-Age=60; SameSite=Strict; Secure', 'c=3; Path=/; Partitioned; Secure'];
      const response = await deployed.request(clientRequest({ path: '/contract/reply', query: sent.map((c) => ['cookie', c] as [string, string]) }));
      expect(response.cookies.map(parseCookie)).toEqual(expect.arrayContaining([
        parseCookie('a=1; Path=/; HttpOnly'),
        parseCookie('b=x%2Fy; Max-Age=60; SameSite=Strict; Secure; Path=/api/contract'),
        parseCookie('c=3; Path=/; Partitioned; Secure'),
      ]));
      expect(response.cookies).toHaveLength(3);
      expect(response.cookies[0]).toBe('c=3; Path=/; Partitioned; Secure');
    } finally {
      await deployed.close();
    }
  });
});

describe('a host-shaped invocation from the vendor trigger metadata', () => {
  it('runs hello from the recorded browser request', async () => {
    const harness = azureHarness();
    const deployed = await harness.deploy(hello);
    try {
      const fixture = JSON.parse(readFileSync(new URL('../fixtures/azure/rpc-invocation-hello-get.json', import.meta.url), 'utf8')) as RpcInvocationRequest;
      fixture.inputData![0]!.name = httpRouteOf(harness.core.functions.get('hello')!.metadata)!.bindingName;
      const response = toClientResponse(await harness.core.invoke(fixture), 'GET');
      expect(response.status).toBe(200);
      expect(bodyText(response)).toBe('{"message":"Hello, Ada!"}');
    } finally {
      await deployed.close();
    }
  });
});

/** A cookie as a browser stores it: name, value and attributes, names case-insensitive. */
function parseCookie(line: string): Record<string, string> {
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  const eq = pair!.indexOf('=');
  const cookie: Record<string, string> = { name: pair!.slice(0, eq), value: decodeURIComponent(pair!.slice(eq + 1)) };
  for (const attribute of attributes) {
    const [key, value = ''] = attribute.split('=');
    cookie[key!.toLowerCase()] = key!.toLowerCase() === 'samesite' ? value.toLowerCase() : value;
  }
  return cookie;
}
