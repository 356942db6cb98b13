import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { onObject, type ObjectEvent, type ObjectFunctionOptions } from '@faasade/core';
import { registerGcpFunctions } from '../../src/index.js';

/** How the framework answered one delivery. */
export interface Delivery {
  status: number;
  /** `X-Google-Status`, which the framework sets on a failed invocation. */
  googleStatus: string | null;
  body: string;
}

/** An object function registered with `registerGcpFunctions`, served by the framework's test server. */
export interface ServedEvents {
  /** Structured content mode: the whole event as `application/cloudevents+json`. */
  structured(event: object): Promise<Delivery>;
  /** Binary content mode: attributes as `ce-*` headers, `data` as the body. */
  binary(event: Record<string, unknown>): Promise<Delivery>;
  /** Any POST (legacy background events, bodies the framework must cope with). */
  post(headers: Record<string, string>, body: string | Uint8Array): Promise<Delivery>;
  close(): Promise<void>;
}

let served = 0;

/** Registers `fn` and serves it in this process on a local port. */
export async function serveEvents(fn: Parameters<typeof registerGcpFunctions>[0]): Promise<ServedEvents> {
  registerGcpFunctions(fn);
  const server = getTestServer(fn.options.name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const post: ServedEvents['post'] = async (headers, body) => {
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body });
    return { status: response.status, googleStatus: response.headers.get('x-google-status'), body: await response.text() };
  };
  return {
    structured: (event) => post({ 'content-type': 'application/cloudevents+json' }, JSON.stringify(event)),
    binary: (event) => {
      const { headers, body } = toBinaryMode(event);
      return post(headers, body);
    },
    post,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A structured CloudEvent in binary content mode, as Eventarc sends it: each attribute in
 * a `ce-` header (percent-encoding what a header cannot carry, as the CloudEvents HTTP
 * binding says), `datacontenttype` as `Content-Type`, the data as the body.
 * https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#313-metadata-headers
 */
export function toBinaryMode(event: Record<string, unknown>): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { 'content-type': String(event.datacontenttype ?? 'application/json') };
  for (const [name, value] of Object.entries(event)) {
    if (name === 'data' || name === 'datacontenttype') continue;
    headers[`ce-${name}`] = String(value).replace(/[^\x21-\x7e]|[%"]/gu, (c) => encodeURIComponent(c));
  }
  return { headers, body: JSON.stringify(event.data) };
}

/** An object function that records what its handler got; `fail` makes the handler throw. */
export function recordingFunction(options: Partial<ObjectFunctionOptions> = {}) {
  const calls: Array<{ event: ObjectEvent; invocationId: string; platform: unknown }> = [];
  const control = { fail: undefined as Error | undefined };
  const fn = onObject({ name: `gcpEvents${++served}`, bucket: 'images', events: ['created', 'deleted'], ...options }, (event, ctx) => {
    calls.push({ event, invocationId: ctx.invocationId, platform: ctx.platform });
    if (control.fail) throw control.fail;
  });
  return { fn, calls, control };
}
