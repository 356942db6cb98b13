import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server that answers every request with one status, from {@link startUnavailableServer}. */
export interface UnavailableServerHandle {
  readonly endpoint: string;
  /** How many requests it has answered (to see how often a client retried). */
  readonly requests: number;
  stop(): Promise<void>;
}

/**
 * Starts an in-process HTTP server that answers everything with `status` (default 503)
 * and drains request bodies, for the "server answers 503" bad-input tests of every
 * driver. (For "server is down", use the endpoint of a stopped server.) Clients retry
 * 503s with backoff, so tests should turn their retries down.
 */
export async function startUnavailableServer(status = 503): Promise<UnavailableServerHandle> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    // No body: each SDK then builds its error from the status alone (S3 would choke on text).
    res.writeHead(status, { 'content-length': 0, connection: 'close' }).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    async stop() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
