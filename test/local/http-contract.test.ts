import { describe, expect, it } from 'vitest';
import { describeHttpAdapter } from '@faasade/contract';
import { json, onHttp } from '@faasade/core';
import { startDevServer } from '@faasade/cli';
import { describeHelloApi } from '../shared/hello-suite.js';
import { sendOverHttp } from '../shared/http-client.js';
import { devServerHarness } from './dev-server-harness.js';

describeHttpAdapter(devServerHarness);
describeHelloApi(devServerHarness);

describe('faasade dev server', () => {
  it('answers 404 for a path no function serves, and 413 past the body limit', async () => {
    const small = onHttp({ name: 'small', route: '/small', maxBodyBytes: 10 }, async (req) => json({ got: (await req.text()).length }));
    const server = await startDevServer({ functions: [small], logSink: () => {} });
    try {
      const missing = await sendOverHttp(server.url, { method: 'GET', path: '/nope', query: [], headers: [], cookies: [], body: null });
      expect(missing.status).toBe(404);
      const big = await sendOverHttp(server.url, { method: 'POST', path: '/small', query: [], headers: [], cookies: [], body: new Uint8Array(11) });
      expect(big.status).toBe(413);
      const fits = await sendOverHttp(server.url, { method: 'POST', path: '/small', query: [], headers: [], cookies: [], body: new Uint8Array(10) });
      expect(JSON.parse(new TextDecoder().decode(fits.body))).toEqual({ got: 10 });
    } finally {
      await server.close();
    }
  });
});
