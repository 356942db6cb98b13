/**
 * Entry of a child process that plays the Node.js worker and the Functions host for a
 * deployed Function App directory (argv[2]), in plain Node: no vitest, no TypeScript
 * loader. It installs the stand-in core module, loads the app's `main` as the worker
 * does (`import()`), then answers the client requests read as JSON from stdin and prints
 * the client responses as JSON (bodies in base64).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientRequest } from '@faasade/contract';
import { installFunctionsCore } from './functions-core.js';
import { serveHttp } from './host.js';

type WireRequest = Omit<ClientRequest, 'body'> & { body: string | null };

const core = installFunctionsCore();
const appDir = process.argv[2]!;
const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { main: string };
await import(pathToFileURL(join(appDir, manifest.main)).href);

const requests = JSON.parse(readFileSync(0, 'utf8')) as WireRequest[];
const settings = { host: 'faasade-deployed.azurewebsites.net', routePrefix: 'api', keys: { function: [], master: 'master-key' } };
const responses = [];
for (const wire of requests) {
  const client: ClientRequest = { ...wire, body: wire.body === null ? null : new Uint8Array(Buffer.from(wire.body, 'base64')) };
  const { response } = await serveHttp(core, client, settings);
  responses.push({ ...response, body: Buffer.from(response.body).toString('base64') });
}
process.stdout.write(JSON.stringify({ registered: [...core.functions.keys()], model: core.programmingModel?.name, responses }));
