import type { ObjectFunction } from '../function/types.js';
import type { ManagedContext } from '../context/create-context.js';
import type { ObjectEvent } from './object-event.js';
import { keyProblem } from '../storage/keys.js';
import { objectSkipReason, type SkipReason } from './object-filter.js';
import { telemetryOf } from '../observability/invocation-telemetry.js';
import { errorReport } from '../observability/error-report.js';

/** How one event ended when it did not throw. */
export type ObjectEventOutcome = { status: 'processed' } | { status: 'skipped'; reason: SkipReason };

/**
 * Runs a storage-object function for one event: filters first (a skipped event is
 * acknowledged, with a debug log), then the handler. Rejects with the handler's error so
 * the adapter can report it the platform's way (a failed invocation, or one failed item of
 * a batch); the error is logged once here with the event's id and key.
 */
export async function invokeObjectEvent(
  fn: ObjectFunction,
  event: ObjectEvent,
  ctx: ManagedContext,
  physicalBucket?: string,
): Promise<ObjectEventOutcome> {
  // observability: the invocation span (child of the event's traceparent extension) around the handler.
  const telemetry = telemetryOf(ctx);
  try {
    const beginning = telemetry?.beginEvent(event);
    if (beginning) await beginning; // only while the bridge loads for a first traced invocation
    const reason = objectSkipReason(fn, event, physicalBucket);
    if (reason === 'key') {
      // Not a filter the user set: say so where it will be seen, once, and acknowledge.
      ctx.log.warn('event skipped: the object key cannot be used with the storage API', { problem: keyProblem(event.data.key), eventId: event.id, bucket: event.data.bucket, key: event.data.key, type: event.type });
      return { status: 'skipped', reason };
    }
    if (reason) {
      ctx.log.debug('event skipped: it does not match the function filters', { reason, eventId: event.id, bucket: event.data.bucket, key: event.data.key, type: event.type });
      return { status: 'skipped', reason };
    }
    await (telemetry?.spanning ? telemetry.run(() => fn.handler(event, ctx)) : fn.handler(event, ctx));
    return { status: 'processed' };
  } catch (error) {
    telemetry?.noteOutcome(undefined, error); // observability
    ctx.log.error('event handler failed', { eventId: event.id, type: event.type, bucket: event.data.bucket, key: event.data.key, ...errorReport(error, ctx) });
    throw error;
  } finally {
    const finishing = telemetry?.finish(); // observability: span end, metrics, SDK export
    if (finishing) await finishing;
    ctx.dispose();
  }
}
