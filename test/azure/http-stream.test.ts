import { app } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { bodyJson, clientRequest, contractFunction, describeHttpAdapter } from '@faasade/contract';
import { json, onHttp } from '@faasade/core';
import { describeHelloApi } from '../shared/hello-suite.js';
import { azureHarness } from './harness.js';

// HTTP streaming is app-wide and locked once the worker starts, hence a file of its own
// (each test file runs in its own process). The Functions host cannot be installed here;
// host-stream.ts plays its proxying part.
app.setup({ enableHttpStream: true });

const harness = azureHarness({ streaming: true });
describeHttpAdapter(harness);
describeHelloApi(harness);

describe('HTTP streaming specifics', () => {
  const upload = onHttp({ name: 'upload', route: '/upload', maxBodyBytes: 1024 }, async (request) =>
    json({ bytes: Buffer.from(await request.arrayBuffer()).toString('base64') }),
  );
  const chunked = (body: Uint8Array) => clientRequest({ path: '/upload', method: 'POST', headers: [['transfer-encoding', 'chunked']], body });

  it('reads a chunked upload (no Content-Length) byte for byte', async () => {
    const deployed = await harness.deploy(upload);
    try {
      const body = Uint8Array.from({ length: 700 }, (_, i) => (i * 7) % 256);
      const response = await deployed.request(chunked(body));
      expect(response.status).toBe(200);
      expect(new Uint8Array(Buffer.from(bodyJson<{ bytes: string }>(response).bytes, 'base64'))).toEqual(body);
    } finally {
      await deployed.close();
    }
  });

  it('stops reading a chunked upload over maxBodyBytes and answers 413', async () => {
    const deployed = await harness.deploy(upload);
    try {
      const response = await deployed.request(chunked(new Uint8Array(4096)));
      expect(response.status).toBe(413);
      expect(deployed.invocations[0]!.error).toBeUndefined();
    } finally {
      await deployed.close();
    }
  });

  it('sends several cookies that all travel intact, none lost to the proxy', async () => {
    const deployed = await harness.deploy(contractFunction);
    try {
      const sent = ['a=1; Path=/', 'b=2; Path=/; Max-Age=60; HttpOnly', 'c=3; Path=/x; SameSite=Lax'];
      const response = await deployed.request(clientRequest({ path: '/contract/reply', query: sent.map((c) => ['cookie', c] as [string, string]) }));
      expect(response.cookies.map((c) => c.split(';')[0])).toEqual(['a=1', 'b=2', 'c=3']);
    } finally {
      await deployed.close();
    }
  });
});
