import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MAX_BODY_BYTES, contractFunction, type EchoReport } from './contract-function.js';
import { allBytes, bodyJson, bodyText, clientRequest, header, parseSetCookie } from './client.js';
import type { ClientRequest, DeployedFunction, HttpAdapterHarness, HttpCapabilities } from './types.js';

const ALL_CAPABILITIES: HttpCapabilities = {
  repeatedQueryKeys: true,
  repeatedHeaders: true,
  multipleSetCookies: true,
  stagePath: true,
  malformedJsonReachesHandler: true,
  percentInPath: true,
  bodyLimit: true,
};

/**
 * The HTTP adapter contract: the same cases for every adapter, run inside its platform's
 * runtime by `harness`. Call it inside a vitest test file:
 *
 * @example
 * describeHttpAdapter(myHarness);
 */
export function describeHttpAdapter(harness: HttpAdapterHarness): void {
  const capabilities = { ...ALL_CAPABILITIES, ...harness.capabilities };
  /** A case that needs a capability the platform lacks is skipped with the reason printed. */
  const needs = (capability: keyof HttpCapabilities, name: string, fn: () => Promise<void>): void => {
    if (capabilities[capability]) {
      it(name, fn);
      return;
    }
    const reason = harness.reasons?.[capability] ?? `the platform cannot carry ${capability}`;
    console.log(`[contract] ${harness.name}: skipping "${name}": ${reason}`);
    it.skip(`${name} — skipped: ${reason}`, fn);
  };

  describe(`HTTP adapter contract: ${harness.name}`, () => {
    let deployed: DeployedFunction;
    const send = (request: Partial<ClientRequest> & Pick<ClientRequest, 'path'>) => deployed.request(clientRequest(request));
    const echo = async (request: Partial<ClientRequest> & Pick<ClientRequest, 'path'>): Promise<EchoReport> => {
      const response = await send(request);
      expect(response.status, bodyText(response)).toBe(200);
      return bodyJson<EchoReport>(response);
    };

    beforeAll(async () => {
      deployed = await harness.deploy(contractFunction);
    });
    afterAll(async () => {
      await deployed?.close();
    });

    it('hands the handler a Fetch Request with the URL the client used', async () => {
      const report = await echo({ path: '/contract/echo/plain', query: [['a', '1']] });
      expect(report.isRequest).toBe(true);
      expect(report.method).toBe('GET');
      const url = new URL(report.url);
      expect(report.url.startsWith(deployed.baseUrl)).toBe(true);
      expect(url.pathname.endsWith('/contract/echo/plain')).toBe(true);
      expect(url.searchParams.get('a')).toBe('1');
    });

    it('keeps percent-encoded paths encoded and decodable', async () => {
      const report = await echo({ path: '/contract/echo/a%20b/%C3%A9t%C3%A9' });
      const { pathname } = new URL(report.url);
      expect(pathname.endsWith('/contract/echo/a%20b/%C3%A9t%C3%A9')).toBe(true);
      expect(decodeURIComponent(pathname).endsWith('/contract/echo/a b/été')).toBe(true);
    });

    needs('percentInPath', 'keeps an encoded percent sign (%25) in the path', async () => {
      const report = await echo({ path: '/contract/echo/50%25' });
      expect(decodeURIComponent(new URL(report.url).pathname).endsWith('/contract/echo/50%')).toBe(true);
    });

    it('decodes query values with spaces, reserved characters and unicode', async () => {
      const query: Array<[string, string]> = [['q', 'a b+c'], ['amp', 'x&y=z'], ['name', 'Zoë 🚀'], ['empty', '']];
      const report = await echo({ path: '/contract/echo/query', query });
      const params = new URL(report.url).searchParams;
      for (const [name, value] of query) expect(params.get(name), name).toBe(value);
    });

    needs('repeatedQueryKeys', 'keeps repeated query keys in order', async () => {
      const report = await echo({ path: '/contract/echo/repeat', query: [['x', '1'], ['y', 'a'], ['x', '2']] });
      expect(new URL(report.url).searchParams.getAll('x')).toEqual(['1', '2']);
    });

    it('passes custom request headers', async () => {
      const report = await echo({ path: '/contract/echo/h', headers: [['x-custom', 'value 1'], ['accept', 'application/json']] });
      const headers = new Headers(report.headers);
      expect(headers.get('x-custom')).toBe('value 1');
      expect(headers.get('accept')).toBe('application/json');
    });

    needs('repeatedHeaders', 'keeps repeated request headers', async () => {
      const report = await echo({ path: '/contract/echo/h', headers: [['x-multi', 'a'], ['x-multi', 'b']] });
      // RFC 9110 §5.3: repeats may be joined with "," and optional whitespace (Azure's host omits the space).
      expect(new Headers(report.headers).get('x-multi')).toMatch(/^a,\s*b$/);
    });

    it('passes every cookie the client sent', async () => {
      const report = await echo({ path: '/contract/echo/c', cookies: ['session=abc', 'theme=dark', 'pref=a%2Cb'] });
      const cookie = new Headers(report.headers).get('cookie') ?? '';
      const pairs = cookie.split(/;\s*/).sort();
      expect(pairs).toEqual(['pref=a%2Cb', 'session=abc', 'theme=dark']);
    });

    it('delivers a JSON body as sent', async () => {
      const body = new TextEncoder().encode('{"name":"Zoë","emoji":"🚀"}');
      const report = await echo({ method: 'POST', path: '/contract/echo/json', headers: [['content-type', 'application/json']], body });
      expect(report.method).toBe('POST');
      expect(Buffer.from(report.bodyBase64, 'base64')).toEqual(Buffer.from(body));
    });

    it('delivers a binary body byte for byte', async () => {
      const body = allBytes();
      const report = await echo({ method: 'PUT', path: '/contract/echo/bin', headers: [['content-type', 'application/octet-stream']], body });
      expect(new Uint8Array(Buffer.from(report.bodyBase64, 'base64'))).toEqual(body);
    });

    for (const via of ['fetch', 'light'] as const) {
      it(`returns a binary body byte for byte (${via} Response)`, async () => {
        const bytes = allBytes();
        const response = await send({
          path: '/contract/reply',
          query: [['type', 'image/png'], ['body', Buffer.from(bytes).toString('base64')], ['via', via]],
        });
        expect(response.status).toBe(200);
        expect(header(response, 'content-type')).toBe('image/png');
        expect(response.body).toEqual(bytes);
      });
    }

    it('returns UTF-8 text byte for byte', async () => {
      const text = 'héllo wörld 🚀\n';
      const response = await send({
        path: '/contract/reply',
        query: [['type', 'text/plain; charset=utf-8'], ['body', Buffer.from(text).toString('base64')]],
      });
      expect(bodyText(response)).toBe(text);
    });

    it('returns custom status codes and headers', async () => {
      const response = await send({ path: '/contract/reply', query: [['status', '202'], ['header', 'x-custom:yes'], ['type', 'text/csv']] });
      expect(response.status).toBe(202);
      expect(header(response, 'x-custom')).toBe('yes');
      expect(header(response, 'content-type')).toBe('text/csv');
    });

    it('returns one Set-Cookie', async () => {
      const response = await send({ path: '/contract/reply', query: [['cookie', 'a=1; Path=/; HttpOnly']] });
      expect(response.cookies).toEqual(['a=1; Path=/; HttpOnly']);
    });

    needs('multipleSetCookies', 'returns several Set-Cookie headers, commas and all', async () => {
      const cookies = ['a=1; Path=/', 'b=2; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Secure'];
      const response = await send({ path: '/contract/reply', query: cookies.map((c) => ['cookie', c] as [string, string]) });
      // Compared by meaning, as a browser reads them: some hosts rewrite attribute case and order.
      expect(response.cookies.map(parseSetCookie)).toEqual(cookies.map(parseSetCookie));
    });

    needs('bodyLimit', 'refuses a body over maxBodyBytes with 413 problem+json, without running the handler', async () => {
      const body = new Uint8Array(CONTRACT_MAX_BODY_BYTES + 1).fill(0x61);
      const response = await send({ method: 'POST', path: '/contract/echo/too-big', headers: [['content-type', 'application/octet-stream']], body });
      expect(response.status, bodyText(response).slice(0, 200)).toBe(413);
      expect(header(response, 'content-type')).toBe('application/problem+json');
      // The echo handler answers 200 with what it read; a problem about the size means it never ran.
      expect(bodyJson<{ status: number }>(response).status).toBe(413);
      expect(bodyText(response)).not.toContain('aaaa');
    });

    needs('bodyLimit', 'accepts a body of exactly maxBodyBytes', async () => {
      const body = new Uint8Array(CONTRACT_MAX_BODY_BYTES).fill(0x62);
      const report = await echo({ method: 'POST', path: '/contract/echo/at-limit', headers: [['content-type', 'application/octet-stream']], body });
      expect(Buffer.from(report.bodyBase64, 'base64').byteLength).toBe(CONTRACT_MAX_BODY_BYTES);
    });

    it('answers HEAD without a body', async () => {
      const response = await send({ method: 'HEAD', path: '/contract/echo/head' });
      expect(response.status).toBe(200);
      expect(response.body.byteLength).toBe(0);
    });

    it('answers 204 with an empty body', async () => {
      const response = await send({ path: '/contract/reply', query: [['status', '204']] });
      expect(response.status).toBe(204);
      expect(response.body.byteLength).toBe(0);
    });

    it('turns an HttpError into its status with a problem+json body', async () => {
      const response = await send({ path: '/contract/http-error' });
      expect(response.status).toBe(418);
      expect(header(response, 'content-type')).toBe('application/problem+json');
      expect(header(response, 'x-teapot')).toBe('yes');
      expect(bodyJson<{ status: number; detail: string }>(response)).toMatchObject({ status: 418, detail: 'short and stout' });
    });

    it('turns any other error into a 500 that reveals nothing', async () => {
      const response = await send({ path: '/contract/throw' });
      expect(response.status).toBe(500);
      const body = bodyText(response);
      expect(body).not.toMatch(/hunter2|secret|\bat\s.*\(/);
      expect(bodyJson<{ status: number }>(response).status).toBe(500);
    });

    it('refuses a response header that would inject another header', async () => {
      const response = await send({ path: '/contract/bad-header' });
      expect(response.status).toBe(500);
      expect(header(response, 'x-injected')).toBeUndefined();
      expect(response.cookies).toEqual([]);
    });

    it('answers 500 when the handler returns something that is not a Response', async () => {
      const response = await send({ path: '/contract/not-a-response' });
      expect(response.status).toBe(500);
    });
  });
}
