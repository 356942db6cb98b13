import { registerAzureFunction, type AzureRegisterOptions } from '@faasade/azure';
import type { ClientRequest, ClientResponse } from '@faasade/contract';
import { onObject, type Context, type ObjectEvent, type ObjectFunctionOptions } from '@faasade/core';
import { installFunctionsCore, type FunctionsCoreStandIn } from './functions-core.js';
import { serveHttp, type InvocationRecord } from './host.js';
import { postToEventGridEndpoint, type EventGridEndpointAnswer } from './host-event-grid.js';
import { runBlobTrigger, type BlobTriggerRun, type NoticedBlob } from './host-blob-trigger.js';

// Installed when this module loads, before any test calls `app.*`.
const core = installFunctionsCore();

/** What a recording function saw: each event with its context. */
export interface Seen {
  event: ObjectEvent;
  ctx: Context;
}

/** An object function registered through `registerAzureFunction` in the stand-in worker. */
export interface DeployedObjectFunction {
  readonly core: FunctionsCoreStandIn;
  readonly name: string;
  /** Posts to the host's Event Grid trigger endpoint (`eventGrid` style). */
  eventGrid(body: unknown, eventType?: string): Promise<EventGridEndpointAnswer>;
  /** Sends an HTTP request to the host (`webhook` style); `invocations` records what ran. */
  http(request: ClientRequest): Promise<ClientResponse>;
  /** Lets the host's blob trigger notice a blob (`blob` style). */
  blob(blob: NoticedBlob, maxDequeueCount?: number): Promise<BlobTriggerRun>;
  readonly invocations: InvocationRecord[];
  close(): Promise<void>;
}

/**
 * Registers `fn` in the stand-in worker with `options` (the adapter calls `app.eventGrid`,
 * `app.http` or `app.storageBlob`) and returns ways to deliver events to it as the host does.
 */
export async function deployObjectFunction(fn: Parameters<typeof registerAzureFunction>[0], options: AzureRegisterOptions = {}): Promise<DeployedObjectFunction> {
  const before = new Set(core.functions.keys());
  registerAzureFunction(fn, options);
  const added = [...core.functions.keys()].filter((id) => !before.has(id));
  if (added.length !== 1) throw new Error('@azure/functions did not register through the stand-in');
  await core.capabilities();
  const name = added[0]!;
  const invocations: InvocationRecord[] = [];
  const settings = { host: 'faasade-test.azurewebsites.net', routePrefix: 'api', keys: { function: ['fn-key'], master: 'master-key' } };
  return {
    core,
    name,
    invocations,
    eventGrid: (body, eventType = 'Notification') => postToEventGridEndpoint(core, name, typeof body === 'string' ? body : JSON.stringify(body), eventType),
    async http(request) {
      const { response, record } = await serveHttp(core, request, settings);
      if (record) invocations.push(record);
      return response;
    },
    blob: (blob, maxDequeueCount) => runBlobTrigger(core, name, blob, maxDequeueCount),
    async close() {
      core.unregister(name);
    },
  };
}

/**
 * A function that records every event it gets; `fail` makes the handler throw for the
 * keys it returns true for.
 */
export function recordingFunction(options: Partial<ObjectFunctionOptions> & { name: string }, fail: (key: string) => boolean = () => false) {
  const seen: Seen[] = [];
  const fn = onObject({ bucket: 'images', events: ['created', 'deleted'], ...options }, (event, ctx) => {
    seen.push({ event, ctx });
    if (fail(event.data.key)) throw new Error(`handler failed for ${event.data.key}`);
  });
  return { fn, seen };
}

/** The faasade JSON log lines (user category) of invocations, parsed. */
export function faasadeLogs(records: readonly InvocationRecord[]): Array<Record<string, unknown>> {
  return records.flatMap((record) => record.logs)
    .filter((log) => log.category === 'user' && log.message.startsWith('{'))
    .map((log) => JSON.parse(log.message) as Record<string, unknown>);
}
