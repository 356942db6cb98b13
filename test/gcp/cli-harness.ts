import type { HttpAdapterHarness } from '@faasade/contract';
import { startCliFunction } from './cli-function.js';
import { publicHost, sendThroughFrontEnd } from './front-end.js';

/**
 * The Functions Framework's CLI in a child process, serving an esbuild bundle that
 * registers the function: what Cloud Run functions runs, reached over HTTP through the
 * Cloud Run front-end stand-in.
 */
export const cliHarness: HttpAdapterHarness = {
  name: 'gcp: functions-framework CLI on a bundle',
  capabilities: { malformedJsonReachesHandler: false },
  reasons: { malformedJsonReachesHandler: "the framework's JSON body parser answers 400 itself, as Cloud Functions does" },
  async deploy(fn) {
    const running = await startCliFunction(fn);
    const host = publicHost(fn.options.name);
    return {
      baseUrl: `https://${host}`,
      request: (client) => sendThroughFrontEnd(running.port, host, client),
      close: () => running.close(),
    };
  },
};
