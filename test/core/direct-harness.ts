import type { HttpFunction } from '@faasade/core';
import { bodyBytes, createContext, createLightRequest, invokeHttp } from '@faasade/core/adapter';
import type { ClientRequest, ClientResponse, HttpAdapterHarness } from '@faasade/contract';

/**
 * Runs functions straight through core's toolkit, with no platform in between: the
 * reference every cloud adapter is compared with, and a check of the suite itself.
 */
export const directHarness: HttpAdapterHarness = {
  name: 'core toolkit, no platform',
  capabilities: { bodyLimit: false },
  reasons: { bodyLimit: 'no platform request is decoded here: each adapter applies maxBodyBytes as it reads its platform\'s body (decodePlatformBody)' },
  async deploy(fn: HttpFunction) {
    const baseUrl = 'https://direct.example';
    return {
      baseUrl,
      async request(client: ClientRequest): Promise<ClientResponse> {
        const query = new URLSearchParams(client.query).toString();
        const headers = (): Headers => {
          const h = new Headers(client.headers);
          if (client.cookies.length) h.set('cookie', client.cookies.join('; '));
          return h;
        };
        const ctx = createContext({ fn, cloud: 'local', event: client, logSink: () => {} });
        const request = createLightRequest({
          method: client.method,
          url: () => `${baseUrl}${client.path}${query ? `?${query}` : ''}`,
          headers,
          body: client.body,
        });
        const parts = await invokeHttp(fn, request, ctx);
        return { status: parts.status, headers: parts.headers, cookies: parts.cookies, body: bodyBytes(parts.body) };
      },
      async close() {},
    };
  },
};
