import type { ObjectFunction } from '../function/types.js';
import type { ObjectEvent } from './object-event.js';

/** Why an event does not concern a function, or undefined when it does. */
export type SkipReason = 'event-type' | 'bucket' | 'prefix' | 'suffix';

/**
 * Applies a declaration's filters to an event. Adapters apply them even though each cloud
 * can filter too: a cloud-side filter can be misconfigured, and a function that triggers on
 * its own outputs loops forever.
 *
 * @param physicalBucket The physical name the function's bucket binding resolves to, when
 *   known (from `FAASADE_BUCKET_<NAME>`); undefined skips the bucket check.
 */
export function objectSkipReason(fn: ObjectFunction, event: ObjectEvent, physicalBucket?: string): SkipReason | undefined {
  const { events = ['created'], prefix, suffix } = fn.options;
  const kind = event.type === 'object.created' ? 'created' : 'deleted';
  if (!events.includes(kind)) return 'event-type';
  if (physicalBucket !== undefined && event.data.bucket !== physicalBucket) return 'bucket';
  if (prefix && !event.data.key.startsWith(prefix)) return 'prefix';
  if (suffix && !event.data.key.endsWith(suffix)) return 'suffix';
  return undefined;
}
