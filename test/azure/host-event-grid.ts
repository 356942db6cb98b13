import { randomUUID } from 'node:crypto';
import type { FunctionsCoreStandIn } from './functions-core.js';
import type { InvocationRecord } from './host.js';
import { newTraceContext, sysMetadata, toRpcValue, triggerOf } from './host-triggers.js';
import type { RpcInvocationRequest } from './rpc-types.js';

/** What the host's Event Grid endpoint answered, and the invocations it made. */
export interface EventGridEndpointAnswer {
  status: number;
  body: string;
  invocations: InvocationRecord[];
}

/**
 * The host's Event Grid trigger endpoint, `POST /runtime/webhooks/eventgrid?functionName=<name>`,
 * as the WebJobs Event Grid extension serves it (azure-sdk-for-net
 * `EventGridExtensionConfigProvider` and `HttpRequestProcessor`, extension 3.x):
 * - `aeg-event-type: SubscriptionValidation`: answered by the host itself with
 *   `{"validationResponse": …}` from the first event's `data.validationCode` (or, for a single
 *   CloudEvent, from its `data` parsed once more), without invoking the function;
 * - `Notification`: a JSON array (or one object) split into one invocation per event, all
 *   at once; the event goes to the worker as its trigger input (a JObject, so `json`) and its
 *   `data` as the `data` trigger metadata; 202 when every invocation succeeded, else 500 with
 *   the first failure's message, which makes Event Grid deliver the whole batch again;
 * - `Unsubscribe`: 202; any other header value: 400; a body that is not JSON: 500 (the
 *   parse exception escapes to ASP.NET Core).
 * An element that is not a JSON object fails its invocation before the worker sees it
 * (the trigger binding cannot bind it).
 */
export async function postToEventGridEndpoint(core: FunctionsCoreStandIn, functionName: string, body: string, eventType: string | undefined): Promise<EventGridEndpointAnswer> {
  const registered = core.functions.get(functionName);
  const trigger = registered && triggerOf(registered.metadata, 'eventGridTrigger');
  if (!trigger) return { status: 404, body: `cannot find function: '${functionName}'`, invocations: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { status: 500, body: '', invocations: [] };
  }
  switch (eventType?.toLowerCase()) {
    case 'subscriptionvalidation':
      return validate(parsed);
    case 'notification':
      break;
    case 'unsubscribe':
      return { status: 202, body: '', invocations: [] };
    default:
      return { status: 400, body: '', invocations: [] };
  }
  if (typeof parsed !== 'object' || parsed === null) return { status: 500, body: '', invocations: [] };
  const events = Array.isArray(parsed) ? parsed : [parsed];
  const invocations = await Promise.all(events.map((event) => invokeOne(core, trigger.functionId, trigger.name, trigger.functionName, event)));
  const failure = invocations.find((record) => record.error !== undefined);
  if (failure) return { status: 500, body: failure.error instanceof Error ? failure.error.message : String(failure.error), invocations };
  return { status: 202, body: '', invocations };
}

async function invokeOne(core: FunctionsCoreStandIn, functionId: string, bindingName: string, functionName: string, event: unknown): Promise<InvocationRecord> {
  const request: RpcInvocationRequest = {
    invocationId: randomUUID(),
    functionId,
    inputData: [{ name: bindingName, data: toRpcValue(event) }],
    triggerMetadata: { data: toRpcValue((event as { data?: unknown } | null)?.data), sys: sysMetadata(functionName) },
    traceContext: newTraceContext(functionName),
  };
  // The binding takes JSON objects only: anything else fails before reaching the worker.
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { request, error: new Error(`Unable to bind ${JSON.stringify(event)} to type JObject`), logs: [] };
  }
  return { request, ...(await core.invoke(request)) };
}

function validate(parsed: unknown): EventGridEndpointAnswer {
  const first = Array.isArray(parsed) ? (parsed[0] as { data?: { validationCode?: unknown } } | undefined)?.data : parseData((parsed as { data?: unknown } | null)?.data);
  const code = (first as { validationCode?: unknown } | undefined)?.validationCode;
  if (typeof code !== 'string') return { status: 500, body: '', invocations: [] };
  return { status: 200, body: JSON.stringify({ validationResponse: code }), invocations: [] };
}

// "The Data is double-encoded in the CloudEvent subscription event."
function parseData(data: unknown): unknown {
  try {
    return typeof data === 'string' ? JSON.parse(data) : JSON.parse(JSON.stringify(data));
  } catch {
    return undefined;
  }
}
