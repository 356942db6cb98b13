import type { InvocationContext } from '@azure/functions';
import type { ObjectFunction } from '@faasade/core';
import { runGridEvent, type EventOutcome } from './run-event.js';

/** The handler `app.eventGrid` takes, as {@link azureEventGridHandler} returns it. */
export type AzureEventGridHandler = (event: unknown, context: InvocationContext) => Promise<void>;

/**
 * Wraps a faasade object function as an Azure Functions Event Grid trigger handler
 * (`app.eventGrid`), for Blob Storage events in the Event Grid schema or the CloudEvents
 * 1.0 schema. Usually {@link registerAzureFunctions} does this for you.
 *
 * The host's Event Grid extension answers the subscription handshake itself, splits a
 * delivered batch into one invocation per event and answers Event Grid 500 when any
 * invocation fails, so Event Grid delivers the whole batch again. Hence:
 * - the handler's error fails the invocation (a retry, as Event Grid's retry policy says);
 * - a malformed event is logged as an `EventDecodeError` with the path of the bad field
 *   and acknowledged: failing would only make Event Grid retry a poison event for a day
 *   (and redeliver the batch's good events with it);
 * - an event of another type, or one outside the function's bucket, prefix or suffix, is
 *   acknowledged and skipped with a debug log.
 *
 * @example
 * app.eventGrid('thumbnails', { handler: azureEventGridHandler(thumbnails) });
 */
export function azureEventGridHandler(fn: ObjectFunction): AzureEventGridHandler {
  return async (event, context) => {
    // One event per invocation is what the host sends; an array is handled all the same.
    const outcomes: EventOutcome[] = [];
    if (Array.isArray(event)) {
      for (const [index, item] of event.entries()) outcomes.push(await runGridEvent(fn, item, `event[${index}]`, item, context));
    } else {
      outcomes.push(await runGridEvent(fn, event, 'event', event, context));
    }
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'failed' ? [outcome.error] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} of ${outcomes.length} events failed`);
  };
}
