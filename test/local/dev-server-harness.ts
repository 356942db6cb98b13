import { startDevServer } from '@faasade/cli';
import type { HttpAdapterHarness } from '@faasade/contract';
import { sendOverHttp } from '../shared/http-client.js';

/** The local runtime (`faasade dev`) over real HTTP on localhost. */
export const devServerHarness: HttpAdapterHarness = {
  name: 'local: faasade dev server over HTTP',
  async deploy(fn) {
    const server = await startDevServer({ functions: [fn], logSink: () => {} });
    return {
      baseUrl: server.url,
      request: (client) => sendOverHttp(server.url, client),
      close: () => server.close(),
    };
  },
};
