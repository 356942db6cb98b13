import type { Context } from '../context/context.js';

/** The shape of an event: its keys and the types of their values, never the values. */
export type EventShape = string | EventShape[] | { [key: string]: EventShape };

/** What an uncaught error's log entry carries, so the entry leads to its request in any cloud's logs. */
export interface ErrorReport {
  /** The error itself; the logger expands it with name, message, stack, code and cause. */
  readonly error: unknown;
  readonly invocationId: string;
  /** Present when the invocation is part of a trace (see `ctx.trace`). */
  readonly traceId?: string;
  /** The platform event's keys and value types (`ctx.platform.event`), never its values. */
  readonly event: EventShape;
}

/**
 * The one way faasade reports an uncaught error: the error, the invocation and trace ids,
 * and the shape of the event that led to it — enough to see which kind of request failed
 * (a REST or HTTP API event, a batch of S3 records, a missing field) without writing a
 * header value, a body or a token into the logs.
 *
 * @example
 * ctx.log.error('unhandled error in handler', errorReport(error, ctx));
 */
export function errorReport(error: unknown, ctx: Context): ErrorReport {
  const trace = safeTrace(ctx);
  const event = eventShape(ctx.platform.event);
  return trace ? { error, invocationId: ctx.invocationId, traceId: trace, event } : { error, invocationId: ctx.invocationId, event };
}

const MAX_DEPTH = 4;
const MAX_KEYS = 30;
const MAX_NODES = 200;

/**
 * Describes a value by type: `"string"`, `"number"`, `{ "headers": { "host": "string" } }`,
 * `["object"]` for an array (the shape of its first item). Class instances below the top
 * level are named by their constructor; keys starting with `_` (private by convention,
 * like a Node request's `_readableState`) are left out.
 */
export function eventShape(value: unknown): EventShape {
  const budget = { nodes: MAX_NODES };
  try {
    return shape(value, 0, budget, []);
  } catch {
    return 'unreadable';
  }
}

function shape(value: unknown, depth: number, budget: { nodes: number }, seen: object[]): EventShape {
  budget.nodes--;
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (seen.includes(value)) return 'circular';
  if (depth >= MAX_DEPTH || budget.nodes <= 0) return Array.isArray(value) ? 'array' : 'object';
  if (ArrayBuffer.isView(value)) return 'binary';
  const next = [...seen, value];
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0], depth + 1, budget, next)];
  const proto: unknown = Object.getPrototypeOf(value);
  const plain = proto === Object.prototype || proto === null;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  const keys = Object.keys(value).filter((key) => !key.startsWith('_'));
  if (!plain && (depth > 0 || keys.length === 0)) return typeof name === 'string' && name ? name : 'object';
  const out: Record<string, EventShape> = {};
  for (const key of keys.slice(0, MAX_KEYS)) out[key] = shape((value as Record<string, unknown>)[key], depth + 1, budget, next);
  if (keys.length > MAX_KEYS) out['…'] = `${keys.length - MAX_KEYS} more keys`;
  return out;
}

function safeTrace(ctx: Context): string | undefined {
  try {
    return ctx.trace?.traceId;
  } catch {
    return undefined;
  }
}
