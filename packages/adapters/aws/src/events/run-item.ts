import type { LogFields, ObjectFunction } from '@faasade/core';
import { createContext, invokeObjectEvent, type ManagedContext } from '@faasade/core/adapter';
import type { LambdaContext } from '../types.js';
import type { DecodedItem } from './decoded-item.js';

/** What the adapter knows about the invocation a delivery came in. */
export interface Invocation {
  fn: ObjectFunction;
  /** The event exactly as Lambda delivered it (what `awsPlatform(ctx).event` shows). */
  event: unknown;
  context: LambdaContext;
  /** The physical bucket the function's binding names, when known: events from others are skipped. */
  physicalBucket: string | undefined;
}

/** How one item ended: only `failed` asks for a redelivery. */
export type ItemOutcome = { status: 'processed' | 'skipped' | 'ignored' | 'rejected' } | { status: 'failed'; error: unknown };

/**
 * A context for one item. Every item of a delivery shares the invocation's id
 * (`awsRequestId`), which Lambda's own log lines and REPORT line carry; the item's own id
 * (SQS `messageId`, the event id) is in the adapter's log lines about it.
 */
export function itemContext(invocation: Invocation): ManagedContext {
  const { fn, event, context } = invocation;
  const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  return createContext({
    fn,
    cloud: 'aws',
    invocationId: typeof context?.awsRequestId === 'string' ? context.awsRequestId : undefined,
    deadline: typeof remaining === 'number' && Number.isFinite(remaining) ? Date.now() + remaining : undefined,
    event,
    platformContext: context,
  });
}

/**
 * Runs one decoded item. Never rejects: a rejected (poison) item is logged as an error
 * with the path of what was not understood, an ignored one at its level, an event outside
 * the function's filters is skipped by core with a debug line, and a handler error (logged
 * once by core) comes back as `failed` for the caller to report the platform's way.
 *
 * @param fields Identify the item in log lines (`messageId`, `recordIndex`).
 */
export async function runItem(invocation: Invocation, item: DecodedItem, fields: LogFields): Promise<ItemOutcome> {
  const ctx = itemContext(invocation);
  if (item.kind === 'rejected') {
    ctx.dispose();
    ctx.log.error('record rejected: not an S3 object event this function understands (delivering it again cannot help, so it is acknowledged)', {
      ...fields, eventId: item.id, code: item.error.code, path: item.error.path, error: item.error.message,
    });
    return { status: 'rejected' };
  }
  if (item.kind === 'ignored') {
    ctx.dispose();
    ctx.log[item.level]('record acknowledged without running the function', { ...fields, eventId: item.id, reason: item.reason });
    return { status: 'ignored' };
  }
  try {
    const outcome = await invokeObjectEvent(invocation.fn, item.event, ctx, invocation.physicalBucket);
    return { status: outcome.status };
  } catch (error) {
    return { status: 'failed', error };
  }
}
