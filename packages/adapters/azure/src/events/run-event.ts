import type { InvocationContext } from '@azure/functions';
import { EventDecodeError, type ObjectFunction } from '@faasade/core';
import { boundBucketName, createContext, invokeObjectEvent, type ManagedContext } from '@faasade/core/adapter';
import { contextLogSink } from '../http/log-sink.js';
import { decodeEvent, eventIdOf } from './decode.js';

/** How one delivered event ended. */
export type EventOutcome =
  | { status: 'processed' | 'skipped'; id: string | undefined }
  /** Malformed: delivering it again cannot help (a poison event). */
  | { status: 'rejected'; id: string | undefined; error: EventDecodeError }
  /** The handler threw: a later delivery may succeed. */
  | { status: 'failed'; id: string | undefined; error: unknown };

/** The context of one event's invocation: the host's invocation id, logs through `context`. */
export function eventContext(fn: ObjectFunction, event: unknown, context: InvocationContext): ManagedContext {
  return createContext({
    fn,
    cloud: 'azure',
    invocationId: typeof context?.invocationId === 'string' ? context.invocationId : undefined,
    event,
    platformContext: context,
    logSink: contextLogSink(context),
    traceparent: context?.traceContext?.traceParent ?? undefined, tracestate: context?.traceContext?.traceState ?? undefined, // observability: the host's trace context
  });
}

/**
 * Decodes and runs one Event Grid event (either schema) for an object function. Never
 * rejects: a malformed event is logged as an error and reported `rejected`, an event of
 * another type or outside the function's filters is logged at debug and `skipped`, and a
 * handler error (logged once by core) is reported `failed` for the caller to answer the
 * platform's way.
 *
 * @param platformEvent What `ctx.platform.event` shows: the event itself on the Event Grid
 *   trigger, the HTTP request on webhook delivery.
 * @param path Where the event is in the delivery, for error paths (`event`, `body[2]`).
 */
export async function runGridEvent(fn: ObjectFunction, raw: unknown, path: string, platformEvent: unknown, context: InvocationContext): Promise<EventOutcome> {
  const ctx = eventContext(fn, platformEvent, context);
  const id = eventIdOf(raw);
  let decoded;
  try {
    decoded = decodeEvent(raw, path);
  } catch (error) {
    ctx.dispose();
    const decodeError = error instanceof EventDecodeError ? error : new EventDecodeError('MalformedEvent', 'the event could not be read', { path, cause: error });
    ctx.log.error('event rejected: not a well-formed storage event (delivering it again cannot help)', {
      eventId: id, code: decodeError.code, path: decodeError.path, error: decodeError.message,
    });
    return { status: 'rejected', id, error: decodeError };
  }
  if (decoded.kind === 'other') {
    ctx.dispose();
    ctx.log.debug('event skipped: not a blob created or deleted event', { eventId: decoded.id, type: decoded.type });
    return { status: 'skipped', id };
  }
  try {
    const outcome = await invokeObjectEvent(fn, decoded.event, ctx, boundBucketName(fn.options.bucket));
    return { status: outcome.status, id };
  } catch (error) {
    return { status: 'failed', id, error };
  }
}
