/**
 * What test/bench/observability.ts measures, bundled twice: with core as it is, and with
 * core's files as they were before observability (see observability-bundles.ts).
 */
import { onHttp, text, type Logger } from '@faasade/core';
import { createContext, createLightRequest, headerReader, invokeHttp, type ResponseParts } from '@faasade/core/adapter';

const fn = onHttp({ name: 'bench', route: '/bench' }, () => text('ok'));
const headers = { host: 'x.example', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
const readHeader = headerReader(headers);
const noHeaders = () => new Headers();

/** One whole invocation through core's toolkit, as an adapter runs it (no log line; on AWS an EMF line when enabled). */
export function invokeOnce(cloud: 'local' | 'aws' = 'local'): Promise<ResponseParts> {
  const ctx = createContext({ fn, cloud, event: headers, traceHeader: readHeader });
  const request = createLightRequest({ method: 'GET', url: () => 'https://x.example/bench', headers: noHeaders, body: null });
  return invokeHttp(fn, request, ctx);
}

/** An invocation's `ctx.log` on `cloud`, writing to stdout as in production. */
export function invocationLogger(cloud: 'aws' | 'gcp' | 'azure' | 'local'): Logger {
  return createContext({ fn, cloud, invocationId: '8f7e4b1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c', event: headers, traceHeader: readHeader }).log;
}
