/**
 * Child-process entry of the test GCS server (started by ../gcs.ts through tsx):
 * `node --import tsx main.ts '<GcsServerOptions JSON>'`. Prints the ready line the
 * parent waits for.
 */
import type { AddressInfo } from 'node:net';
import { createGcsServer, type GcsServerOptions } from './server.js';

const options = JSON.parse(process.argv[2] ?? '{}') as GcsServerOptions;
const server = createGcsServer(options);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`GCS JSON API test server listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
