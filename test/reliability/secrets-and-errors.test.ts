/**
 * Security, through each HTTP adapter in process: a handler that fails on a request
 * carrying credentials answers a generic 500 (no stack, no internal message), and nothing
 * the adapter logs contains the Authorization or Cookie values.
 */
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onHttp } from '@faasade/core';
import { lambdaHandler } from '@faasade/aws';
import { azureHandler } from '@faasade/azure';
import { gcpHandler } from '@faasade/gcp';

const TOKEN = 'Bearer tok-5ecret-9f8e7d';
const SESSION = 'session=c00kie-5ecret-1a2b';
const INTERNAL = 'connection to 10.0.0.7:5432 refused for user admin';
const failing = onHttp({ name: 'failing', route: '/fail' }, () => { throw new Error(INTERNAL); });

/** Everything written to stdout and stderr while `run` runs. */
async function captureOutput<T>(run: () => Promise<T>): Promise<{ value: T; output: string }> {
  let output = '';
  const keep = (chunk: unknown) => { output += String(chunk); return true; };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  try {
    return { value: await run(), output };
  } finally {
    vi.restoreAllMocks();
  }
}
afterEach(() => { vi.restoreAllMocks(); });

function expectCleanFailure(status: number, body: string, logs: string): void {
  expect(status).toBe(500);
  expect(body).not.toContain(INTERNAL);
  expect(body).not.toMatch(/\n\s+at\s/);
  expect(logs).toContain(INTERNAL); // the error is logged (once, for the operator)…
  expect(logs).not.toContain('tok-5ecret');
  expect(logs).not.toContain('c00kie-5ecret'); // …but never the credentials that came with it
}

describe('a failing handler with credentials in the request', () => {
  it('AWS: generic 500, error logged without Authorization or Cookie', async () => {
    const event = {
      version: '2.0', routeKey: '$default', rawPath: '/fail', rawQueryString: '', cookies: [SESSION],
      headers: { authorization: TOKEN, host: 'x.example.com' }, isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/fail', sourceIp: '1.2.3.4' }, requestId: 'r', domainName: 'x.example.com', stage: '$default' },
    };
    const { value, output } = await captureOutput(() => lambdaHandler(failing)(event as never, { awsRequestId: 'a' } as never));
    const result = value as unknown as { statusCode: number; body: string };
    expectCleanFailure(result.statusCode, result.body, output);
  });

  it('Azure: generic 500, error logged (through the invocation context) without Authorization or Cookie', async () => {
    let logs = '';
    const context = new InvocationContext({ invocationId: 'z', functionName: 'failing', logHandler: (_level, ...args) => { logs += args.map(String).join(' '); } });
    const request = new HttpRequest({ method: 'GET', url: 'https://x.azurewebsites.net/api/fail', headers: { authorization: TOKEN, cookie: SESSION } });
    const { value, output } = await captureOutput(() => azureHandler(failing)(request, context));
    const body = value.body === undefined ? '' : new TextDecoder().decode(value.body as Uint8Array);
    expectCleanFailure(value.status ?? 200, body, logs + output);
  });

  it('GCP: generic 500, error logged without Authorization or Cookie', async () => {
    const req = {
      method: 'GET', url: '/fail', originalUrl: '/fail', headers: { authorization: TOKEN, cookie: SESSION, host: 'f.run.app' },
      readableEnded: true, socket: {}, on: () => req, removeListener: () => req,
    };
    const sent = { status: 0, body: '' };
    const res = {
      headersSent: false, statusCode: 200, setHeader: () => undefined,
      end(chunk?: Uint8Array | string) { sent.status = res.statusCode; sent.body = chunk === undefined ? '' : typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk); },
    };
    const { output } = await captureOutput(() => gcpHandler(failing)(req as never, res as never));
    expectCleanFailure(sent.status, sent.body, output);
  });
});
