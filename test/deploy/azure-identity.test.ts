import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appServiceManagedIdentity } from '@faasade/azure/identity';

/** A stand-in for the App Service token endpoint (protocol 2019-08-01), recording what it was asked. */
let server: Server;
let endpoint: string;
const asked: Array<{ url: URL; secret: string | undefined }> = [];
let answer: (request: IncomingMessage) => { status: number; body: string } = () => ({ status: 500, body: '' });

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push({ url: new URL(req.url!, 'http://x'), secret: req.headers['x-identity-header'] as string | undefined });
    const { status, body } = answer(req);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('@faasade/azure: the managed identity credential Azure artifacts use', () => {
  it('asks the token endpoint for the storage resource with the identity header, and keeps the token until it nears expiry', async () => {
    asked.length = 0;
    const expiresOn = Math.floor(Date.now() / 1000) + 3600;
    answer = () => ({ status: 200, body: JSON.stringify({ access_token: 'token-1', expires_on: String(expiresOn), resource: 'https://storage.azure.com/', token_type: 'Bearer' }) });
    const credential = appServiceManagedIdentity({ IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: 'secret-header' });
    expect(await credential.getToken('https://storage.azure.com/.default')).toEqual({ token: 'token-1', expiresOnTimestamp: expiresOn * 1000 });
    await credential.getToken(['https://storage.azure.com/.default']);
    expect(asked).toHaveLength(1);
    expect([asked[0]!.url.pathname, asked[0]!.url.searchParams.get('resource'), asked[0]!.url.searchParams.get('api-version'), asked[0]!.secret]).toEqual(['/msi/token', 'https://storage.azure.com/', '2019-08-01', 'secret-header']);
  });

  it('renews a token that expires within five minutes', async () => {
    asked.length = 0;
    let n = 0;
    answer = () => ({ status: 200, body: JSON.stringify({ access_token: `t${++n}`, expires_on: String(Math.floor(Date.now() / 1000) + 60) }) });
    const credential = appServiceManagedIdentity({ IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: 'h' });
    expect((await credential.getToken('https://storage.azure.com/.default'))!.token).toBe('t1');
    expect((await credential.getToken('https://storage.azure.com/.default'))!.token).toBe('t2');
  });

  it('fails with the endpoint\'s status when it refuses, and tries again on the next call', async () => {
    answer = () => ({ status: 400, body: '{"error":"invalid_request"}' });
    const credential = appServiceManagedIdentity({ IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: 'h' });
    await expect(credential.getToken('https://storage.azure.com/.default')).rejects.toBeInstanceOf(Error);
    answer = () => ({ status: 200, body: JSON.stringify({ access_token: 'after', expires_on: String(Math.floor(Date.now() / 1000) + 3600) }) });
    expect((await credential.getToken('https://storage.azure.com/.default'))!.token).toBe('after');
  });

  it('fails without asking anything when the app has no identity', async () => {
    asked.length = 0;
    await expect(appServiceManagedIdentity({}).getToken('https://storage.azure.com/.default')).rejects.toBeInstanceOf(Error);
    expect(asked).toHaveLength(0);
  });
});
