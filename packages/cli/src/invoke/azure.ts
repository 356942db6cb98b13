import type { FunctionDefinition, HttpFunction, ObjectFunction } from '@faasade/core';
import { compileRoute } from '@faasade/core/adapter';
import { CliError } from '../errors.js';
import { readHttpEvent } from './http-event.js';
import { importLibrary } from './import-library.js';
import { jsonBody } from './result-body.js';
import type { InvokeOutcome, InvokeRequest } from './types.js';

type Handler<E, R> = (input: E, context: unknown) => Promise<R>;

interface AzureAdapter {
  azureHandler(fn: HttpFunction): Handler<unknown, AzureResponseInit>;
  azureEventGridHandler(fn: ObjectFunction): Handler<unknown, void>;
  azureEventGridWebhookHandler(fn: ObjectFunction): Handler<unknown, AzureResponseInit>;
  azureBlobTriggerHandler(fn: ObjectFunction): Handler<unknown, void>;
}

interface AzureLibrary {
  HttpRequest: new (init: Record<string, unknown>) => unknown;
  InvocationContext: new (init: Record<string, unknown>) => unknown;
}

interface AzureResponseInit {
  status?: number;
  headers?: Iterable<[string, string]> | Record<string, string>;
  cookies?: unknown[];
  body?: unknown;
}

// What `func start` serves on: the default host port and route prefix.
const LOCAL_HOST = 'http://localhost:7071/api';

/**
 * Runs an invocation through @faasade/azure's handlers with `@azure/functions`' own
 * `HttpRequest` and `InvocationContext` (the library's constructors for tests):
 * - an HTTP function gets the neutral HTTP event as an `HttpRequest` at the route the
 *   host serves; the result is its `HttpResponseInit` as JSON;
 * - an object function gets the event as the Event Grid trigger delivers it (Event Grid
 *   or CloudEvents schema; `{"outcome": "succeeded"}` or the failure); a subscription
 *   validation event goes to the webhook handler, which answers the handshake; blob
 *   trigger metadata (`{"blobTrigger": …, "uri": …, "properties": …}`) goes to the blob trigger.
 */
export async function invokeAzure(request: InvokeRequest): Promise<InvokeOutcome> {
  const azure = await importLibrary<AzureAdapter>(request.instance, '@faasade/azure', '@faasade/azure');
  const library = await importLibrary<AzureLibrary>(request.instance, '@azure/functions', '@azure/functions@4');
  const { fn } = request;
  const context = (triggerMetadata?: unknown): unknown => new library.InvocationContext({
    invocationId: crypto.randomUUID(),
    functionName: fn.options.name,
    logHandler: (level: string, ...args: unknown[]) => request.log(`[${level}] ${args.map(String).join(' ')}\n`),
    ...(triggerMetadata === undefined ? {} : { triggerMetadata }),
  });
  if (fn.trigger === 'http') return invokeHttp(azure, library, fn, request, context());
  if (request.event === undefined) throw needsEvent(fn);
  const event = request.event;
  if (isBlobTrigger(event)) return outcomeOf(() => azure.azureBlobTriggerHandler(fn)(null, context(event)));
  if (isValidationEvent(event)) {
    const http = new library.HttpRequest({
      method: 'POST', url: `${LOCAL_HOST}/events/${fn.options.name}`,
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' },
      body: { string: JSON.stringify(event) },
    });
    return { result: responseJson(await azure.azureEventGridWebhookHandler(fn)(http, context())), failed: false };
  }
  return outcomeOf(() => azure.azureEventGridHandler(fn)(event, context()));
}

async function invokeHttp(azure: AzureAdapter, library: AzureLibrary, fn: HttpFunction, request: InvokeRequest, context: unknown): Promise<InvokeOutcome> {
  const event = readHttpEvent(request.event, fn.options.route);
  const headers: Record<string, string> = {};
  // The host joins repeated request headers with a comma.
  for (const [name, value] of event.headers) headers[name.toLowerCase()] = headers[name.toLowerCase()] === undefined ? value : `${headers[name.toLowerCase()]},${value}`;
  const pathname = event.path.split('?')[0]!;
  const params = compileRoute(fn.options.route).match(pathname) ?? {};
  const http = new library.HttpRequest({
    method: event.method, url: `${LOCAL_HOST}${event.path}`, headers, params,
    ...(event.body ? { body: { bytes: event.body } } : {}),
  });
  return { result: responseJson(await azure.azureHandler(fn)(http, context)), failed: false };
}

async function outcomeOf(run: () => Promise<void>): Promise<InvokeOutcome> {
  try {
    await run();
    return { result: { outcome: 'succeeded' }, failed: false };
  } catch (error) {
    return { result: { outcome: 'failed', error: { name: (error as Error)?.name, message: (error as Error)?.message } }, failed: true };
  }
}

function responseJson(init: AzureResponseInit): Record<string, unknown> {
  const headers: Array<[string, string]> = [];
  if (init.headers) {
    const entries = Symbol.iterator in Object(init.headers) ? [...(init.headers as Iterable<[string, string]>)] : Object.entries(init.headers);
    for (const [name, value] of entries) headers.push([name, String(value)]);
  }
  const contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const body = init.body instanceof Uint8Array || typeof init.body === 'string' ? init.body : init.body === undefined ? null : JSON.stringify(init.body);
  return { status: init.status ?? 200, headers, ...(init.cookies ? { cookies: init.cookies } : {}), ...jsonBody(body, contentType) };
}

function isBlobTrigger(event: unknown): boolean {
  return event !== null && typeof event === 'object' && !Array.isArray(event) && typeof (event as { blobTrigger?: unknown }).blobTrigger === 'string';
}

function isValidationEvent(event: unknown): boolean {
  const first = Array.isArray(event) ? event[0] : event;
  return first !== null && typeof first === 'object' && (first as { eventType?: unknown }).eventType === 'Microsoft.EventGrid.SubscriptionValidationEvent';
}

function needsEvent(fn: FunctionDefinition): CliError {
  return new CliError('EventFileInvalid', `"${fn.options.name}" is an object function: pass a recorded Event Grid event (or blob trigger metadata) with --event <file>`);
}
