import { EventDecodeError } from '@faasade/core';
import { isJsonObject, malformed } from '@faasade/core/adapter';

/**
 * The two handshakes Event Grid performs before it delivers to a webhook, answered only
 * for genuine handshake requests: an event of any other type never gets a validation
 * answer, and a validation event is never handed to the function.
 */

const VALIDATION_EVENT = 'Microsoft.EventGrid.SubscriptionValidationEvent';
// A host name (with an optional port) or "*": what a WebHook-Request-Origin can be.
const ORIGIN = /^(\*|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::\d{1,5})?)$/;

/**
 * The subscription validation handshake (Event Grid schema, and CloudEvents deliveries
 * that use it): a delivery made of exactly one `Microsoft.EventGrid.SubscriptionValidationEvent`
 * is answered `{"validationResponse": <data.validationCode>}` with 200.
 * https://learn.microsoft.com/azure/event-grid/end-point-validation-event-grid-events-schema
 *
 * @returns the validation code, or undefined when the delivery holds no validation event.
 * @throws EventDecodeError `MalformedEvent` for a validation event mixed with other events
 *   or without a string `data.validationCode`.
 */
export function subscriptionValidationCode(events: readonly unknown[], pathOf: (index: number) => string): string | undefined {
  const index = events.findIndex((event) => isJsonObject(event) && (event.eventType === VALIDATION_EVENT || event.type === VALIDATION_EVENT));
  if (index < 0) return undefined;
  const path = pathOf(index);
  if (events.length !== 1) throw malformed(path, 'a subscription validation event is delivered alone, never in a batch');
  const event = events[index] as Record<string, unknown>;
  // The CloudEvents form may carry its data as a JSON string.
  let data = event.data;
  if (typeof data === 'string') data = parseOrUndefined(data);
  const code = isJsonObject(data) ? data.validationCode : undefined;
  if (typeof code !== 'string' || code === '') throw malformed(`${path}.data.validationCode`, 'expected the validation code as a non-empty string');
  return code;
}

/**
 * The CloudEvents webhook abuse-protection handshake (what Event Grid sends before
 * delivering CloudEvents): an `OPTIONS` request with `WebHook-Request-Origin` is granted
 * with `WebHook-Allowed-Origin` set to that origin (and no rate limit). Authorisation is
 * the function key the subscription's URL carries, not this header.
 * https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/http-webhook.md#4-abuse-protection
 *
 * @returns the response headers granting delivery.
 * @throws EventDecodeError `MalformedEvent` without a usable `WebHook-Request-Origin`.
 */
export function abuseProtectionGrant(headers: Headers): Array<[string, string]> {
  const origin = headers.get('webhook-request-origin')?.trim();
  if (!origin || !ORIGIN.test(origin)) {
    throw new EventDecodeError('MalformedEvent', 'an OPTIONS request here must be a CloudEvents abuse-protection handshake with a WebHook-Request-Origin host', { path: 'headers.webhook-request-origin' });
  }
  return [['webhook-allowed-origin', origin], ['webhook-allowed-rate', '*'], ['allow', 'POST, OPTIONS']];
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
