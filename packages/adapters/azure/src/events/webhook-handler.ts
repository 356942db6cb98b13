import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { EventDecodeError, type Logger, type ObjectFunction } from '@faasade/core';
import { createJsonLogger, problemParts, type ResponseParts } from '@faasade/core/adapter';
import { contextLogSink } from '../http/log-sink.js';
import { toResponseInit } from '../http/response.js';
import { runGridEvent, type EventOutcome } from './run-event.js';
import { readDelivery } from './webhook-body.js';
import { abuseProtectionGrant, subscriptionValidationCode } from './webhook-handshake.js';

/** The handler `app.http` takes for webhook delivery, as {@link azureEventGridWebhookHandler} returns it. */
export type AzureWebhookHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/**
 * Wraps a faasade object function as an HTTP-triggered Event Grid webhook: Event Grid
 * posts Blob Storage events (Event Grid schema arrays, or CloudEvents one at a time or
 * in batches) to the function's URL, and this handler does what the Event Grid trigger's
 * host extension would: the two handshakes, then each event in turn.
 *
 * Each event is isolated (one malformed or failing event does not stop the others); the
 * answer tells Event Grid what to do with the whole delivery, which it retries or
 * dead-letters as one:
 * - `200` when every event was processed or skipped;
 * - `500` when any handler failed: Event Grid delivers the batch again, so events that
 *   succeeded run again (object handlers must be idempotent, as at-least-once delivery
 *   demands anyway);
 * - `400` when no handler failed but some event is malformed (or the body is not a
 *   delivery): Event Grid does not retry a 400 and dead-letters the batch when the
 *   subscription has a dead-letter destination, so a poison event is kept, not retried;
 * - `413` for a body over 4 MiB (also dead-lettered without retry).
 * Events run one after another, so one instance holds one event's work in memory at a
 * time; Event Grid waits 30 s for the answer, so keep batches small for slow handlers.
 *
 * @example
 * app.http('thumbnails', { route: 'events/thumbnails', methods: ['POST', 'OPTIONS'], authLevel: 'function',
 *   handler: azureEventGridWebhookHandler(thumbnails) });
 */
export function azureEventGridWebhookHandler(fn: ObjectFunction): AzureWebhookHandler {
  return async (request, context) => {
    const log = createJsonLogger({
      sink: contextLogSink(context),
      fields: { function: fn.options.name, invocationId: context?.invocationId, cloud: 'azure' },
    });
    let parts: ResponseParts;
    try {
      parts = await answer(fn, request, context, log);
    } catch (error) {
      parts = refusal(error, log);
    }
    return toResponseInit(parts, () => '/', log);
  };
}

async function answer(fn: ObjectFunction, request: HttpRequest, context: InvocationContext, log: Logger): Promise<ResponseParts> {
  const method = String(request?.method ?? '').toUpperCase();
  if (method === 'OPTIONS') {
    const headers = abuseProtectionGrant(request.headers);
    log.info('CloudEvents webhook handshake granted', { origin: headers[0]![1] });
    return { status: 200, headers, cookies: [], body: null };
  }
  if (method !== 'POST') return problemParts(405, `method ${method} is not allowed`, { allow: 'POST, OPTIONS' });
  if (request.headers.get('aeg-event-type')?.toLowerCase() === 'unsubscribe') {
    log.info('Event Grid subscription deleted');
    return { status: 200, headers: [], cookies: [], body: null };
  }
  const delivery = await readDelivery(request);
  const code = subscriptionValidationCode(delivery.events, delivery.pathOf);
  if (code !== undefined) {
    log.info('Event Grid subscription validation answered');
    return jsonParts(200, { validationResponse: code });
  }
  const outcomes: EventOutcome[] = [];
  for (const [index, event] of delivery.events.entries()) {
    outcomes.push(await runGridEvent(fn, event, delivery.pathOf(index), request, context));
  }
  return summary(outcomes);
}

function summary(outcomes: readonly EventOutcome[]): ResponseParts {
  const count = (status: EventOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
  const failed = count('failed');
  if (failed > 0) {
    return problemParts(500, `${failed} of ${outcomes.length} events failed; deliver the batch again`);
  }
  const rejected = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [{ id: outcome.id, code: outcome.error.code, path: outcome.error.path }] : []));
  if (rejected.length > 0) {
    return jsonParts(400, {
      type: 'about:blank', title: 'Bad Request', status: 400,
      detail: `${rejected.length} of ${outcomes.length} events are malformed; the others were processed`,
      errors: rejected,
    }, 'application/problem+json');
  }
  return jsonParts(200, { processed: count('processed'), skipped: count('skipped') });
}

// A delivery that could not be read or a refused handshake: the client's fault, never retried.
function refusal(error: unknown, log: Logger): ResponseParts {
  if (error instanceof EventDecodeError) {
    log.error('Event Grid delivery refused', { code: error.code, path: error.path, error: error.message });
    return problemParts(error.status === 500 ? 400 : error.status, error.message);
  }
  log.error('Event Grid delivery failed', { error });
  return problemParts(500, undefined);
}

function jsonParts(status: number, body: unknown, contentType = 'application/json'): ResponseParts {
  return { status, headers: [['content-type', contentType]], cookies: [], body: JSON.stringify(body) };
}
