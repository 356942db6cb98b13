import { EventDecodeError, FaasadeConfigError, type ObjectFunction } from '@faasade/core';
import { boundBucketName, createContext, invokeObjectEvent, type ManagedContext } from '@faasade/core/adapter';
import type { GcpCloudEvent } from './cloud-event.js';
import { decodeStorageEvent, type DecodedStorageEvent } from './storage-event.js';

/**
 * A CloudEvent function in the Functions Framework's signature. It takes exactly one
 * parameter: the framework treats a function declaring two as callback style.
 */
export type GcpCloudEventFunction = (cloudEvent: GcpCloudEvent) => Promise<void>;

// Eventarc's ids are Pub/Sub message ids; anything else is not a trustworthy log field.
const ID = /^[\w.:/-]{1,128}$/;

/**
 * Turns a declared object function into a Functions Framework CloudEvent function, for
 * Cloud Storage events delivered by Eventarc (binary or structured content mode) or as
 * legacy background events, which the framework converts to CloudEvents first.
 * Usually {@link registerGcpFunctions} does this for you.
 *
 * What the invocation answers, and so what Eventarc does next:
 * - the handler returned: acknowledged (204);
 * - the handler threw: the invocation fails (500), so Eventarc delivers the event again
 *   when the trigger retries (the Cloud Functions API creates triggers without retries;
 *   enable them with `--retry`). The error is logged once, with its stack, by faasade;
 * - the event is malformed (the framework validates nothing: a POST of `{}` reaches the
 *   function): logged as an error with the `EventDecodeError` code and the path of the
 *   bad field, and acknowledged, since delivering it again can never succeed;
 * - an archived or metadata-updated event, or one outside the function's bucket, prefix
 *   or suffix: acknowledged and skipped with a debug log.
 *
 * `ctx.invocationId` is the CloudEvent id (the same on every redelivery of an event);
 * `ctx.deadline` comes from `fn.options.timeoutSeconds`, as the platform does not say.
 *
 * @example
 * import * as functions from '@google-cloud/functions-framework';
 * functions.cloudEvent('image-renditions', gcpEventHandler(renditions));
 * @throws FaasadeConfigError when `fn` is not an object function declaration.
 */
export function gcpEventHandler(fn: ObjectFunction): GcpCloudEventFunction {
  if (fn?.trigger !== 'object' || typeof fn.handler !== 'function') {
    throw new FaasadeConfigError('gcpEventHandler() takes an object function declared with onObject()');
  }
  return async (cloudEvent) => {
    const id = typeof cloudEvent?.id === 'string' && ID.test(cloudEvent.id) ? cloudEvent.id : undefined;
    // observability: the CloudEvents tracing extension, kept only when a string
    const ctx = createContext({ fn, cloud: 'gcp', invocationId: id, event: cloudEvent, traceparent: stringOrUndefined(cloudEvent?.traceparent), tracestate: stringOrUndefined(cloudEvent?.tracestate) });
    const decoded = decode(cloudEvent, id, ctx);
    if (decoded?.kind !== 'object') return;
    try {
      await invokeObjectEvent(fn, decoded.event, ctx, boundBucketName(fn.options.bucket));
    } catch (error) {
      throw retryRequested(decoded.event.id, error);
    }
  };
}

// Undefined when the event was rejected or is ignored: both are acknowledged and logged here.
function decode(cloudEvent: unknown, id: string | undefined, ctx: ManagedContext): DecodedStorageEvent | undefined {
  let decoded: DecodedStorageEvent;
  try {
    decoded = decodeStorageEvent(cloudEvent);
  } catch (error) {
    ctx.dispose();
    const problem = error instanceof EventDecodeError ? error : new EventDecodeError('MalformedEvent', 'the event could not be read', { cause: error });
    ctx.log.error('event rejected: not a well-formed Cloud Storage event (acknowledged: delivering it again cannot help)', {
      eventId: id, code: problem.code, path: problem.path, error: problem.message,
    });
    return undefined;
  }
  if (decoded.kind === 'ignored') {
    ctx.dispose();
    ctx.log.debug('event skipped: object functions handle finalized and deleted objects only', { eventId: decoded.id, type: decoded.type });
  }
  return decoded;
}

// What the framework gets to fail the invocation with. It prints `err.stack` and, outside
// production, answers with `err.message`: neither should repeat the handler's error
// (logged by faasade already, and possibly holding secrets), so this one says where to look.
function retryRequested(eventId: string, cause: unknown): Error {
  const error = new Error(`event ${JSON.stringify(eventId)} failed and should be delivered again; the handler's error is in the log entry "event handler failed"`, { cause });
  error.name = 'ObjectEventFailed';
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
