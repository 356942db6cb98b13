import type { ClientRequest, ClientResponse } from '@faasade/contract';
import type { FunctionsCoreStandIn } from './functions-core.js';
import { toInvocationRequest, toKestrelRequest } from './host-request.js';
import { toClientResponse } from './host-response.js';
import { invokeStreaming } from './host-stream.js';
import { findRoute, httpRouteOf, isAuthorized, type HttpRoute } from './host-routing.js';
import type { RpcInvocationRequest, RpcInvocationResponse, RpcLog } from './rpc-types.js';

/** One invocation as the stand-in host saw it, for tests that look inside. */
export interface InvocationRecord {
  request: RpcInvocationRequest;
  response?: RpcInvocationResponse;
  error?: unknown;
  /** Log messages the invocation streamed to the host (faasade's JSON lines among them). */
  logs: RpcLog[];
}

/** How the stand-in host is set up. */
export interface HostSettings {
  /** Host name clients use, e.g. `faasade-test.azurewebsites.net`. */
  host: string;
  /** host.json `extensions.http.routePrefix` (`api` by default on Azure). */
  routePrefix: string;
  /** Keys accepted for `function` / `admin` auth levels. */
  keys: { function: readonly string[]; master: string };
  /** The worker's `HttpUri` capability when the app turned HTTP streaming on. */
  httpUri?: string | undefined;
}

const EMPTY = new Uint8Array(0);

/**
 * Serves one client request the way the Functions host does with the functions the
 * worker registered: route prefix and route templates (404 when nothing matches, or the
 * method is not routed), the key check (401), then one invocation through the worker.
 */
export async function serveHttp(core: FunctionsCoreStandIn, client: ClientRequest, settings: HostSettings): Promise<{ response: ClientResponse; record?: InvocationRecord }> {
  const notFound: ClientResponse = { status: 404, headers: [], cookies: [], body: EMPTY };
  const prefix = settings.routePrefix ? `/${settings.routePrefix}` : '';
  const kestrel = toKestrelRequest(client, prefix, settings.host);
  const lowered = kestrel.path.toLowerCase();
  if (prefix && lowered !== prefix.toLowerCase() && !lowered.startsWith(`${prefix.toLowerCase()}/`)) return { response: notFound };
  const segments = kestrel.path.slice(prefix.length).split('/').slice(1);
  if (segments.at(-1) === '') segments.pop();
  const routes = [...core.functions.values()]
    .map((entry) => httpRouteOf(entry.metadata))
    .filter((route): route is HttpRoute => route !== undefined && (!route.methods || route.methods.has(kestrel.method)));
  const found = findRoute(routes, segments);
  if (!found) return { response: notFound };
  const presented = new URLSearchParams(kestrel.queryString).get('code') ?? kestrel.headers.get('x-functions-key')?.[0];
  if (!isAuthorized(found.route.authLevel, presented, settings.keys)) return { response: { ...notFound, status: 401 } };
  if (settings.httpUri) return invokeStreaming(core, settings.httpUri, kestrel, client, found.route, found.values);
  const request = toInvocationRequest(kestrel, found.route, found.values, 'https');
  const outcome = await core.invoke(request);
  return { response: toClientResponse(outcome, kestrel.method), record: { request, ...outcome } };
}
