import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server that answers every request with one fixed status, as a failing GCS would. */
export interface StatusServer {
  /** Base URL, for `apiEndpoint`. */
  readonly url: string;
  /** Requests seen so far (method and path with query). */
  readonly requests: string[];
  /** Changes the status (and, optionally, the JSON body) later requests get. */
  answer(status: number, body?: unknown): void;
  close(): Promise<void>;
}

/** The JSON API's error body, so the SDK parses it as it would a real one. */
function errorBody(status: number): string {
  const reason = status === 404 ? 'notFound' : status === 403 ? 'forbidden' : status === 412 ? 'conditionNotMet' : 'backendError';
  return JSON.stringify({ error: { code: status, message: `status ${status} from the test server`, errors: [{ reason, message: 'test' }] } });
}

/**
 * Starts a {@link StatusServer} on a free port of 127.0.0.1. With `openSessions`, requests
 * that start a resumable upload succeed (so the failure hits the upload's data request).
 */
export async function startStatusServer(initial: number, options: { openSessions?: boolean } = {}): Promise<StatusServer> {
  let status = initial;
  let body: string | undefined;
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push(`${req.method} ${req.url}`);
    // Read the whole request first, so an upload sees an answer rather than a reset socket.
    req.resume();
    req.on('end', () => {
      if (options.openSessions && req.method === 'POST' && req.url?.includes('uploadType=resumable')) {
        res.writeHead(200, { location: `http://${req.headers.host}/upload/session/1` }).end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body ?? errorBody(status));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (next, nextBody) => {
      status = next;
      body = nextBody === undefined ? undefined : JSON.stringify(nextBody);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A URL where nothing listens: a port that was just free, then closed again. */
export async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
