import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { ClientRequest, ClientResponse } from '@faasade/contract';
import type { FunctionsCoreStandIn } from './functions-core.js';
import type { KestrelRequest } from './host-request.js';
import { pathToUriComponent, toInvocationRequest } from './host-request.js';
import type { HttpRoute } from './host-routing.js';
import type { RpcInvocationRequest, RpcInvocationResponse, RpcLog } from './rpc-types.js';

// Hop-by-hop headers YARP does not copy back to the client (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length']);

/**
 * HTTP streaming (`app.setup({ enableHttpStream: true })`): the library starts an HTTP
 * server in the worker and reports its address as the `HttpUri` capability; for each
 * request the host still sends the RPC invocation (route values and the `Headers` trigger
 * metadata come from there) and, in parallel, forwards the client's request to that
 * server with YARP, adding `x-ms-invocation-id` and the `X-Forwarded-*` headers. The
 * library answers on that connection and the host copies the answer to the client.
 * Source: azure-functions-host `DefaultHttpProxyService.ForwardAsync`; the library's
 * `httpProxy.ts` and `createStreamRequest`.
 */
export async function invokeStreaming(
  core: FunctionsCoreStandIn,
  httpUri: string,
  kestrel: KestrelRequest,
  client: ClientRequest,
  route: HttpRoute,
  routeValues: Record<string, string>,
): Promise<{ response: ClientResponse; record: { request: RpcInvocationRequest; response?: RpcInvocationResponse; error?: unknown; logs: RpcLog[] } }> {
  const rpc = toInvocationRequest(kestrel, route, routeValues, 'https');
  const target = new URL(`${pathToUriComponent(kestrel.path)}${kestrel.queryString}`, httpUri);
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of kestrel.headers) headers[name] = values.length === 1 ? values[0]! : values;
  Object.assign(headers, {
    'x-ms-invocation-id': rpc.invocationId!,
    'x-forwarded-host': kestrel.headers.get('host')![0]!,
    'x-forwarded-proto': 'https',
    'x-forwarded-for': '203.0.113.7',
  });
  const forwarded = forward(target, kestrel.method, headers, client.body);
  const outcome = await core.invoke(rpc);
  const record = { request: rpc, ...outcome };
  if (outcome.error !== undefined) {
    forwarded.abort();
    return { response: { status: 500, headers: [], cookies: [], body: new Uint8Array(0) }, record };
  }
  return { response: await forwarded.response, record };
}

function forward(target: URL, method: string, headers: Record<string, string | string[]>, body: Uint8Array | null): { response: Promise<ClientResponse>; abort(): void } {
  const req = httpRequest(target, { method, headers });
  const response = new Promise<ClientResponse>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () => resolve(toClientResponse(res, method, Buffer.concat(chunks))));
    });
  });
  // A request without Content-Length (a chunked upload) is streamed chunked, as YARP does.
  if (body !== null) req.write(body);
  req.end();
  return { response, abort: () => req.destroy() };
}

function toClientResponse(res: IncomingMessage, method: string, body: Buffer): ClientResponse {
  const headers: Array<[string, string]> = [];
  const cookies: string[] = [];
  for (const name of Object.keys(res.headersDistinct)) {
    if (HOP_BY_HOP.has(name)) continue;
    for (const value of res.headersDistinct[name] ?? []) {
      if (name === 'set-cookie') cookies.push(value);
      else headers.push([name, value]);
    }
  }
  return { status: res.statusCode ?? 502, headers, cookies, body: method === 'HEAD' ? new Uint8Array(0) : new Uint8Array(body) };
}
