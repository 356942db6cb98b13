import type { HttpRequest, InvocationContext } from '@azure/functions';
import type { Context } from '@faasade/core';
import { hasBlobTriggerMetadata } from './events/blob-trigger.js';

/**
 * The raw Azure objects behind an invocation, by trigger. `context` is the library's
 * `InvocationContext` (trigger metadata, extra inputs and outputs, trace context, logging).
 */
export type AzurePlatform =
  /** An HTTP function, or an object function receiving Event Grid webhook deliveries. */
  | { trigger: 'http'; request: HttpRequest; context: InvocationContext }
  /** An object function on the Event Grid trigger: the event as the host delivered it. */
  | { trigger: 'eventGrid'; event: unknown; context: InvocationContext }
  /** An object function on the blob trigger: the blob's content as the host read it. */
  | { trigger: 'blob'; blob: unknown; context: InvocationContext };

/**
 * The Azure objects behind `ctx`, typed: the escape hatch for what the neutral model
 * does not carry. Undefined when the function runs on another cloud.
 *
 * @example
 * const azure = azurePlatform(ctx);
 * if (azure?.trigger === 'http') ctx.log.info('user', { user: azure.request.user });
 * if (azure?.trigger === 'blob') ctx.log.info('metadata', { metadata: azure.context.triggerMetadata?.metadata });
 */
export function azurePlatform(ctx: Context): AzurePlatform | undefined {
  const { platform } = ctx;
  if (platform.cloud !== 'azure') return undefined;
  const context = platform.context as InvocationContext;
  switch (triggerOf(platform.event, context)) {
    case 'eventGrid':
      return { trigger: 'eventGrid', event: platform.event, context };
    case 'blob':
      return { trigger: 'blob', blob: platform.event, context };
    default:
      return { trigger: 'http', request: platform.event as HttpRequest, context };
  }
}

// The library records the trigger binding's type on every context it builds; a context
// made by hand (tests) has "unknown" there, so the objects' shapes decide.
function triggerOf(event: unknown, context: InvocationContext | undefined): AzurePlatform['trigger'] {
  const type = String(context?.options?.trigger?.type ?? '').toLowerCase();
  if (type === 'httptrigger') return 'http';
  if (type === 'eventgridtrigger') return 'eventGrid';
  if (type === 'blobtrigger') return 'blob';
  const request = event as { method?: unknown; url?: unknown } | null;
  if (typeof request?.method === 'string' && typeof request.url === 'string') return 'http';
  return hasBlobTriggerMetadata(context?.triggerMetadata) ? 'blob' : 'eventGrid';
}
