import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyJson, clientRequest, type DeployedFunction } from '@faasade/contract';
import { inspectFunction, type InspectReport } from '../fixtures/gcp/inspect-function.js';
import { cliHarness } from './cli-harness.js';
import { startCliFunction, type CliFunction } from './cli-function.js';
import { publicHost, sendThroughFrontEnd } from './front-end.js';

// The same bundle Cloud Run functions would run, served by the framework's CLI in a child
// process with NODE_ENV=production and LOG_EXECUTION_ID=true, as Cloud Run sets them.
describe('gcp: a bundled function under the functions-framework CLI', () => {
  let running: CliFunction;
  const host = publicHost('inspect');
  const send = (request: Parameters<typeof clientRequest>[0]) => sendThroughFrontEnd(running.port, host, clientRequest(request));
  beforeAll(async () => {
    running = await startCliFunction(inspectFunction);
  });
  afterAll(() => running?.close());

  it('reports a cold start once, then warm invocations', async () => {
    const first = bodyJson<InspectReport>(await send({ path: '/' }));
    const second = bodyJson<InspectReport>(await send({ path: '/' }));
    expect([first.coldStart, second.coldStart]).toEqual([true, false]);
    expect(first.cloud).toBe('gcp');
    expect(first.remainingMs).toBeLessThanOrEqual(20_000);
  });

  it('takes the invocation id from Function-Execution-Id, the id the framework logs with', async () => {
    const report = bodyJson<InspectReport>(await send({ path: '/', headers: [['function-execution-id', 'exec-7f3a']] }));
    expect(report.invocationId).toBe('exec-7f3a');
    expect(report.frameworkExecutionId).toBe('exec-7f3a');
  });

  it('sees the URL the client used at the public host', async () => {
    const report = bodyJson<InspectReport>(await send({ path: '/a%2Fb', query: [['k', '1'], ['k', '2']] }));
    expect(report.url).toBe(`https://${host}/a%2Fb?k=1&k=2`);
  });

  it('answers 413 past maxBodyBytes with a JSON log line the framework labels with the execution id', async () => {
    const response = await send({ method: 'POST', path: '/', headers: [['content-type', 'application/octet-stream'], ['function-execution-id', 'exec-big']], body: new Uint8Array(1025) });
    expect(response.status).toBe(413);
    const line = await waitForLine(running, (entry) => entry.code === 'BodyTooLarge');
    expect(line).toMatchObject({ level: 'warn', 'logging.googleapis.com/labels': { execution_id: 'exec-big' } });
  });
});

describe('gcp: what the framework answers itself in production', () => {
  let deployed: DeployedFunction;
  beforeAll(async () => {
    deployed = await cliHarness.deploy(inspectFunction);
  });
  afterAll(() => deployed?.close());

  it('refuses malformed JSON with a bare 400 page, no stack trace, before the function runs', async () => {
    const body = new TextEncoder().encode('{"name":');
    const response = await deployed.request(clientRequest({ method: 'POST', path: '/', headers: [['content-type', 'application/json']], body }));
    expect(response.status).toBe(400);
    expect(new TextDecoder().decode(response.body)).not.toMatch(/SyntaxError|node_modules|\bat\s/);
  });
});

async function waitForLine(running: CliFunction, match: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    for (const line of running.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (match(entry)) return entry;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no matching log line in:\n${running.output().slice(-2000)}`);
}
