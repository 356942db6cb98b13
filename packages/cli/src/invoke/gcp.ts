import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionDefinition } from '@faasade/core';
import { CliError } from '../errors.js';
import { readHttpEvent, type HttpEventDescription } from './http-event.js';
import { importLibrary } from './import-library.js';
import { jsonBody } from './result-body.js';
import type { InvokeOutcome, InvokeRequest } from './types.js';

interface GcpAdapter {
  registerGcpFunctions(...fns: FunctionDefinition[]): void;
}

interface FrameworkTesting {
  getTestServer(name: string): Server;
}

/**
 * Registers the function with the Functions Framework through @faasade/gcp, as a
 * deployment does, and sends the event to the framework's own server over HTTP: an HTTP
 * function gets the neutral HTTP event; an object function gets a CloudEvent in
 * structured mode (`application/cloudevents+json`), a legacy background event (which the
 * framework converts), or a whole request `{"headers": {"ce-…"}, "body": …}` for binary
 * mode. The result is what the framework answered: `{status, headers, body}`; a 5xx to
 * an event is a failed invocation (Eventarc would retry it).
 */
export async function invokeGcp(request: InvokeRequest): Promise<InvokeOutcome> {
  const gcp = await importLibrary<GcpAdapter>(request.instance, '@faasade/gcp', '@faasade/gcp');
  const framework = await importLibrary<FrameworkTesting>(request.instance, '@google-cloud/functions-framework/testing', '@google-cloud/functions-framework');
  const { fn } = request;
  gcp.registerGcpFunctions(fn);
  const wire = fn.trigger === 'http' ? readHttpEvent(request.event, fn.options.route) : eventRequest(request.event, fn);
  const server = framework.getTestServer(fn.options.name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const answer = await send((server.address() as AddressInfo).port, wire);
    const contentType = answer.headers.find(([name]) => name === 'content-type')?.[1];
    const failed = fn.trigger === 'object' && answer.status >= 500;
    return { result: { status: answer.status, headers: answer.headers, ...jsonBody(answer.body, contentType) }, failed };
  } finally {
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function eventRequest(event: unknown, fn: FunctionDefinition): HttpEventDescription {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new CliError('EventFileInvalid', `"${fn.options.name}" is an object function: pass a recorded Cloud Storage CloudEvent or legacy event (a JSON object) with --event <file>`);
  }
  const record = event as Record<string, unknown>;
  if (record.headers !== undefined && record.body !== undefined) return readHttpEvent({ method: 'POST', path: '/', ...record }, '/');
  const contentType = typeof record.specversion === 'string' ? 'application/cloudevents+json' : 'application/json';
  return { method: 'POST', path: '/', headers: [['content-type', contentType]], body: new TextEncoder().encode(JSON.stringify(event)) };
}

interface WireAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

function send(port: number, wire: HttpEventDescription): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: wire.method, path: wire.path, agent: false });
    const grouped = new Map<string, string[]>();
    for (const [name, value] of wire.headers) grouped.set(name.toLowerCase(), [...(grouped.get(name.toLowerCase()) ?? []), value]);
    for (const [name, values] of grouped) req.setHeader(name, values.length === 1 ? values[0]! : values);
    if (wire.body && !grouped.has('content-length')) req.setHeader('content-length', wire.body.byteLength);
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const headers: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, headers, body: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    req.end(wire.body ?? undefined);
  });
}
