import { registerAzureFunction, type AzureRegisterOptions } from '@faasade/azure';
import type { ClientRequest, ClientResponse, DeployedFunction, HttpAdapterHarness } from '@faasade/contract';
import type { HttpFunction } from '@faasade/core';
import { installFunctionsCore, type FunctionsCoreStandIn } from './functions-core.js';
import { toInvocationRequest, toKestrelRequest } from './host-request.js';
import { toClientResponse } from './host-response.js';
import { findRoute, httpRouteOf, isAuthorized, type HttpRoute } from './host-routing.js';
import type { RpcInvocationRequest, RpcInvocationResponse, RpcLog } from './rpc-types.js';

// Installed when this module loads, before any test calls `app.*`.
const core = installFunctionsCore();

/** One invocation as the stand-in host saw it, for tests that look inside. */
export interface InvocationRecord {
  request: RpcInvocationRequest;
  response?: RpcInvocationResponse;
  error?: unknown;
  /** Log messages the invocation streamed to the host (faasade's JSON lines among them). */
  logs: RpcLog[];
}

/** A deployed function plus what the host recorded of its invocations. */
export interface AzureDeployedFunction extends DeployedFunction {
  readonly invocations: InvocationRecord[];
}

/** The harness, with the stand-in worker module and deployments that expose their invocations. */
export interface AzureHarness extends HttpAdapterHarness {
  readonly core: FunctionsCoreStandIn;
  deploy(fn: HttpFunction): Promise<AzureDeployedFunction>;
}

/** Options of {@link azureHarness}. */
export interface AzureHarnessOptions {
  /** Host name clients use (default `faasade-test.azurewebsites.net`). */
  host?: string;
  /** host.json `extensions.http.routePrefix` (default `api`). */
  routePrefix?: string;
  /** Options passed to `registerAzureFunction`. */
  register?: AzureRegisterOptions;
  /** Keys the host accepts for `function` / `admin` auth levels. */
  keys?: { function: string[]; master: string };
}

/**
 * The Azure adapter inside the real `@azure/functions` library, with the Functions host
 * played by this test code (Core Tools cannot be installed here): `deploy` registers
 * through `registerAzureFunction` → `app.http`, the stand-in worker module captures the
 * registration, and each request is routed, converted to the RPC message the host sends,
 * run through the library's InvocationModel and decoded as the host answers the client.
 */
export function azureHarness(options: AzureHarnessOptions = {}): AzureHarness {
  const host = options.host ?? 'faasade-test.azurewebsites.net';
  const prefix = options.routePrefix ?? 'api';
  const keys = options.keys ?? { function: [], master: 'master-key' };
  return {
    name: 'azure: @azure/functions v4 with a stand-in worker core',
    core,
    async deploy(fn: HttpFunction): Promise<AzureDeployedFunction> {
      const before = new Set(core.functions.keys());
      registerAzureFunction(fn, options.register);
      const added = [...core.functions.keys()].filter((id) => !before.has(id));
      if (added.length !== 1 || !core.programmingModel) {
        throw new Error('@azure/functions did not register through the stand-in: was app.* called before installFunctionsCore()?');
      }
      const functionId = added[0]!;
      const invocations: InvocationRecord[] = [];
      return {
        baseUrl: `https://${host}${prefix ? `/${prefix}` : ''}`,
        invocations,
        request: (client) => handle(client, { host, prefix, keys, invocations }),
        async close() {
          core.unregister(functionId);
        },
      };
    },
  };
}

interface HostSettings {
  host: string;
  prefix: string;
  keys: { function: string[]; master: string };
  invocations: InvocationRecord[];
}

async function handle(client: ClientRequest, settings: HostSettings): Promise<ClientResponse> {
  const notFound: ClientResponse = { status: 404, headers: [], cookies: [], body: new Uint8Array(0) };
  const kestrel = toKestrelRequest(client, settings.prefix ? `/${settings.prefix}` : '', settings.host);
  const prefix = settings.prefix ? `/${settings.prefix.toLowerCase()}` : '';
  const lowered = kestrel.path.toLowerCase();
  if (prefix && lowered !== prefix && !lowered.startsWith(`${prefix}/`)) return notFound;
  const segments = kestrel.path.slice(prefix.length).split('/').slice(1);
  if (segments.at(-1) === '') segments.pop();
  const routes = [...core.functions.values()].map((entry) => httpRouteOf(entry.metadata)).filter((route): route is HttpRoute => route !== undefined);
  const found = findRoute(routes.filter((route) => !route.methods || route.methods.has(kestrel.method)), segments);
  if (!found) return notFound;
  const presented = new URLSearchParams(kestrel.queryString).get('code') ?? kestrel.headers.get('x-functions-key')?.[0];
  if (!isAuthorized(found.route.authLevel, presented ?? undefined, settings.keys)) return { ...notFound, status: 401 };
  const request = toInvocationRequest(kestrel, found.route, found.values, 'https');
  const outcome = await core.invoke(request);
  settings.invocations.push({ request, ...outcome });
  return toClientResponse(outcome, kestrel.method);
}
