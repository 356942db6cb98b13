import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { HttpAdapterHarness } from '@faasade/contract';
import { registerGcpFunctions } from '@faasade/gcp';
import { publicHost, sendThroughFrontEnd } from './front-end.js';

/**
 * The Functions Framework in this process: the function registered with
 * `registerGcpFunctions`, served by the framework's own `getTestServer` (its Express app,
 * body parsers and routing) on a local port, reached over HTTP through the Cloud Run
 * front-end stand-in.
 */
export const inProcessHarness: HttpAdapterHarness = {
  name: 'gcp: Functions Framework in-process (getTestServer)',
  capabilities: { malformedJsonReachesHandler: false },
  reasons: { malformedJsonReachesHandler: "the framework's JSON body parser answers 400 itself, as Cloud Functions does" },
  async deploy(fn) {
    registerGcpFunctions(fn);
    const server = getTestServer(fn.options.name);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const host = publicHost(fn.options.name);
    return {
      baseUrl: `https://${host}`,
      request: (client) => sendThroughFrontEnd(port, host, client),
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections from the client's agent would hold close() open.
          server.closeAllConnections();
        }),
    };
  },
};
