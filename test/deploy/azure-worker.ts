/**
 * Entry of a child process that plays the Node.js worker and the Functions host for a
 * built Function App folder (argv[2]), in plain Node: it installs the stand-in
 * `@azure/functions-core`, loads the app's `main` as the worker does (`import()`, the
 * app's own node_modules resolving `@azure/functions`), then runs the commands read as
 * JSON from stdin (HTTP requests to the host, posts to its Event Grid endpoint) and prints
 * what the host answered as JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientRequest } from '@faasade/contract';
import { installFunctionsCore } from '../azure/functions-core.js';
import { serveHttp } from '../azure/host.js';
import { postToEventGridEndpoint } from '../azure/host-event-grid.js';

/** One thing to ask the host. */
export type WorkerCommand =
  | { kind: 'http'; request: Omit<ClientRequest, 'body'> & { body: string | null } }
  | { kind: 'eventGrid'; functionName: string; body: string; eventType: string };

const core = installFunctionsCore();
const appDir = process.argv[2]!;
const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { main: string };
await import(pathToFileURL(join(appDir, manifest.main)).href);
await core.capabilities();

const commands = JSON.parse(readFileSync(0, 'utf8')) as WorkerCommand[];
const settings = { host: 'faasade-deployed.azurewebsites.net', routePrefix: 'api', keys: { function: [], master: 'master-key' } };
const answers = [];
for (const command of commands) {
  if (command.kind === 'http') {
    const wire = command.request;
    const client: ClientRequest = { ...wire, body: wire.body === null ? null : new Uint8Array(Buffer.from(wire.body, 'base64')) };
    const { response } = await serveHttp(core, client, settings);
    answers.push({ status: response.status, headers: response.headers, body: Buffer.from(response.body).toString('utf8') });
  } else {
    const answer = await postToEventGridEndpoint(core, command.functionName, command.body, command.eventType);
    answers.push({ status: answer.status, body: answer.body, errors: answer.invocations.filter((i) => i.error).map((i) => String((i.error as Error)?.message ?? i.error)) });
  }
}
process.stdout.write(JSON.stringify({ registered: [...core.functions.keys()], model: core.programmingModel?.name, answers }));
