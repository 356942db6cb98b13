import type { ManagedContext } from '@faasade/core/adapter';
import type { EventDecodeError } from '@faasade/core';
import type { ShapeKit } from './kit.js';

/**
 * The error for an event no HTTP shape matched, logged once, the context disposed. Loaded
 * on the first such event (a misrouted trigger, a test payload), never by a cold start that
 * serves HTTP; it takes the error class from the kit for the reason kit.ts gives.
 */
export function unknownShape({ EventDecodeError: EventError }: ShapeKit, event: unknown, ctx: ManagedContext): EventDecodeError {
  const keys = typeof event === 'object' && event !== null ? Object.keys(event).slice(0, 10).join(', ') : typeof event;
  const error = new EventError(
    'UnknownEventShape',
    `the event is not an HTTP request from API Gateway, a Function URL or an ALB (top-level keys: ${keys || 'none'})`,
  );
  ctx.log.error('event not understood', { code: error.code, error });
  ctx.dispose();
  return error;
}
