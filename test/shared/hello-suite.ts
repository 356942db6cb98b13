import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import hello from '@faasade/hello';
import { bodyJson, clientRequest, header, type ClientRequest, type DeployedFunction, type HttpAdapterHarness } from '@faasade/contract';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The greeting API's behaviour, the same through every adapter. */
export function describeHelloApi(harness: HttpAdapterHarness): void {
  describe(`hello through ${harness.name}`, () => {
    let deployed: DeployedFunction;
    const send = (request: Partial<ClientRequest>) => deployed.request(clientRequest({ path: '/hello', ...request }));
    beforeAll(async () => {
      deployed = await harness.deploy(hello);
    });
    afterAll(async () => {
      await deployed?.close();
    });

    it('greets by query parameter', async () => {
      const response = await send({ query: [['name', 'Ada']] });
      expect(response.status).toBe(200);
      expect(header(response, 'content-type')).toMatch(/^application\/json/);
      expect(bodyJson(response)).toEqual({ message: 'Hello, Ada!' });
    });

    it('greets by JSON body', async () => {
      const response = await send({ method: 'POST', headers: [['content-type', 'application/json']], body: json({ name: 'Ada' }) });
      expect(response.status).toBe(200);
      expect(bodyJson(response)).toEqual({ message: 'Hello, Ada!' });
    });

    it('greets the World without a name', async () => {
      expect(bodyJson(await send({}))).toEqual({ message: 'Hello, World!' });
      expect(bodyJson(await send({ method: 'POST', body: json({}) }))).toEqual({ message: 'Hello, World!' });
    });

    it('answers 400 with a clear message for invalid JSON', async () => {
      const response = await send({ method: 'POST', headers: [['content-type', 'application/json']], body: new TextEncoder().encode('{"name":') });
      expect(response.status).toBe(400);
      if (harness.capabilities?.malformedJsonReachesHandler === false) {
        console.log(`[hello] ${harness.name}: the platform answers malformed JSON itself; checking the status only. ${harness.reasons?.malformedJsonReachesHandler ?? ''}`);
        return;
      }
      expect(bodyJson<{ detail: string }>(response).detail).toMatch(/not valid JSON/);
    });

    it('answers 400 with a clear message for invalid JSON sent as text', async () => {
      const response = await send({ method: 'POST', headers: [['content-type', 'text/plain']], body: new TextEncoder().encode('{"name":') });
      expect(response.status).toBe(400);
      expect(bodyJson<{ detail: string }>(response).detail).toMatch(/not valid JSON/);
    });

    it('answers 405 with Allow for other methods', async () => {
      const response = await send({ method: 'DELETE' });
      expect(response.status).toBe(405);
      expect(header(response, 'allow')?.split(/,\s*/).sort()).toEqual(['GET', 'HEAD', 'POST']);
    });
  });
}
