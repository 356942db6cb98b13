import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import hello from '@faasade/hello';
import { bodyJson, clientRequest, header, type DeployedFunction } from '@faasade/contract';
import { cliHarness } from './cli-harness.js';
import { inProcessHarness } from './in-process-harness.js';

// How hello's invalid-JSON answer looks on Google Cloud, where the framework parses
// `application/json` bodies before any function runs.
for (const harness of [inProcessHarness, cliHarness]) {
  describe(`hello's invalid JSON on ${harness.name}`, () => {
    let deployed: DeployedFunction;
    const post = (type: string | null) =>
      deployed.request(
        clientRequest({ method: 'POST', path: '/hello', headers: type ? [['content-type', type]] : [], body: new TextEncoder().encode('{"name":') }),
      );
    beforeAll(async () => {
      deployed = await harness.deploy(hello);
    });
    afterAll(() => deployed?.close());

    it.each([['text/plain'], [null]])("reaches hello's own 400 with a problem+json message (Content-Type %s)", async (type) => {
      const response = await post(type);
      expect(response.status).toBe(400);
      expect(header(response, 'content-type')).toBe('application/problem+json');
      expect(bodyJson<{ detail: string }>(response).detail).toMatch(/not valid JSON/);
    });

    it('is answered 400 by the framework itself for Content-Type application/json', async () => {
      const response = await post('application/json');
      expect(response.status).toBe(400);
      expect(header(response, 'content-type')).toMatch(/^text\/html/);
    });
  });
}
