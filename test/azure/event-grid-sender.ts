import { clientRequest, type ClientRequest } from '@faasade/contract';

/**
 * Event Grid's side of a webhook delivery: the requests it sends and what it does with
 * the answer. https://learn.microsoft.com/azure/event-grid/delivery-and-retry,
 * https://learn.microsoft.com/azure/event-grid/webhook-event-delivery
 */

/** The schema an event subscription delivers in. */
export type DeliverySchema = 'eventGrid' | 'cloudEvents';

/**
 * A delivery POST as Event Grid sends it: the `aeg-*` headers, and the content type of the
 * schema (`application/json` for Event Grid schema arrays; for CloudEvents,
 * `application/cloudevents+json` for one event or `application/cloudevents-batch+json`
 * for an array). `body` may be a string, for deliveries that are not JSON.
 */
export function deliveryRequest(path: string, body: unknown, options: { schema?: DeliverySchema; eventType?: string; functionKey?: string } = {}): ClientRequest {
  const schema = options.schema ?? 'eventGrid';
  const contentType = schema === 'eventGrid' ? 'application/json' : Array.isArray(body) ? 'application/cloudevents-batch+json; charset=utf-8' : 'application/cloudevents+json; charset=utf-8';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return clientRequest({
    path,
    method: 'POST',
    query: options.functionKey ? [['code', options.functionKey]] : [],
    headers: [
      ['content-type', contentType],
      ['aeg-event-type', options.eventType ?? 'Notification'],
      ['aeg-subscription-name', 'FAASADE-IMAGES'],
      ['aeg-delivery-count', '0'],
      ['aeg-metadata-version', '1'],
      ['aeg-data-version', ''],
    ],
    body: new TextEncoder().encode(text),
  });
}

/** The CloudEvents abuse-protection handshake Event Grid sends before CloudEvents deliveries. */
export function handshakeRequest(path: string, functionKey?: string): ClientRequest {
  return clientRequest({
    path,
    method: 'OPTIONS',
    query: functionKey ? [['code', functionKey]] : [],
    headers: [['webhook-request-origin', 'eventgrid.azure.net'], ['webhook-request-rate', '120']],
  });
}

/** What Event Grid does with a delivery after the endpoint's answer. */
export type Verdict = 'delivered' | 'retry' | 'dead-letter';

/**
 * Success is 200–204; 400, 413, 401 and 403 from a webhook are not retried (the batch is
 * dead-lettered, or dropped without a dead-letter destination); anything else is retried
 * on Event Grid's schedule (up to 30 attempts over 24 hours by default).
 */
export function verdictOf(status: number): Verdict {
  if (status >= 200 && status <= 204) return 'delivered';
  if ([400, 401, 403, 413].includes(status)) return 'dead-letter';
  return 'retry';
}
