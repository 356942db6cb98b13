import { formatTraceparent, type TraceParent } from './trace-parent.js';

/**
 * Which trace wrote each recently written object, in this process, so that a local event
 * source (the `faasade dev` bucket watcher, a test playing the platform) can put the
 * writer's position into the storage event's `traceparent`: the function the event runs
 * then continues the writer's trace, as one request. The clouds' own storage events carry
 * no such thing (see docs/observability.md).
 *
 * Kept on `globalThis`: `faasade dev` loads each function with its own module graph, so
 * several copies of core must see one table. Bounded: the oldest entries go first.
 */
const TABLE = Symbol.for('faasade.observability.writes');
const MAX_ENTRIES = 1000;

function table(): Map<string, string> {
  const holder = globalThis as { [TABLE]?: Map<string, string> };
  return (holder[TABLE] ??= new Map());
}

/** Records that `key` of the bucket labelled `bucket` was just written within `position`. */
export function rememberWrite(bucket: string, key: string, position: Pick<TraceParent, 'traceId' | 'spanId' | 'sampled'>): void {
  const writes = table();
  const id = `${normalise(bucket)}\n${key}`;
  writes.delete(id);
  writes.set(id, formatTraceparent(position));
  if (writes.size > MAX_ENTRIES) writes.delete(writes.keys().next().value!);
}

/**
 * The `traceparent` of the span that last wrote `key` (the full key, prefix included) in
 * the bucket opened as `bucket` (`mem://uploads`, `file:///srv/buckets/images`; a query
 * string is ignored), when that write happened in this process with a recording tracer.
 *
 * @example
 * createObjectEvent({ ...fields, traceparent: writeTraceparent('file:///srv/buckets/images', key) });
 */
export function writeTraceparent(bucket: string, key: string): string | undefined {
  return table().get(`${normalise(bucket)}\n${key}`);
}

// The label a Bucket gets from openBucket: scheme, host and path, without the query.
function normalise(bucket: string): string {
  const cut = bucket.search(/[?#]/);
  return (cut < 0 ? bucket : bucket.slice(0, cut)).replace(/\/+$/, '');
}
