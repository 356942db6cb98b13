import type { ObjectFunction } from '../function/types.js';
import { keyProblem } from '../storage/keys.js';
import type { ObjectEvent } from './object-event.js';

/**
 * Why an event does not concern a function, or undefined when it does. `key`: the object's
 * key is one the storage API refuses (a control character, a lone surrogate, over 1,024
 * bytes), so no handler could read the object through it.
 */
export type SkipReason = 'event-type' | 'bucket' | 'prefix' | 'suffix' | 'key';

/**
 * Applies a declaration's filters to an event. Adapters apply them even though each cloud
 * can filter too: a cloud-side filter can be misconfigured, and a function that triggers on
 * its own outputs loops forever.
 *
 * An object whose key the storage API refuses is skipped rather than handed over: the
 * handler's first storage call would fail the same way on every redelivery, and the cloud
 * would retry it until the event expires.
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
  if (keyProblem(event.data.key) !== undefined) return 'key';
  return undefined;
}
