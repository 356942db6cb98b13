import { AsyncResource } from 'node:async_hooks';

/** The object that keeps the tick objects' shape alive; made once per process. */
let kept: object | undefined;

/**
 * Keeps the hidden class ("map") of Node's `process.nextTick` tick objects alive for the
 * life of the process, by holding one object of exactly that shape.
 *
 * Why: Node makes each tick object from a literal with symbol keys
 * (`{ [async_id_symbol]: id, [trigger_async_id_symbol]: trigger, callback, args }`), and
 * V8 remembers, per key of that literal, the one map it adds the key to. Maps of objects
 * that are all gone die in a full GC, and V8's memory reducer runs one about 8 s after a
 * process with a used heap goes quiet, as a dev server does after its start. The next tick
 * object then gets new maps, the literal's feedback turns megamorphic for good, and every
 * function optimised after that — Node's stream and HTTP code, which schedule ticks on
 * every request — adds each tick object's keys through the V8 runtime: faasade dev served
 * 0.82× a bare server instead of 0.93× when it sat idle 8 s before its load (docs/cli.md).
 * A bare `node:http` server escapes only because it allocates next to nothing before its
 * load, so no GC runs while it waits.
 *
 * The object is made by a literal of the same form, from the same symbols (read off an
 * `AsyncResource`, which carries both), with the same kind of numbers: Node reads its ids
 * from a `Float64Array`, so they arrive as heap numbers, and an object holding small
 * integers instead would get maps of its own. Returns whether the shape is kept (false when
 * this Node's symbols are not found: then nothing is done).
 */
export function keepTickObjectShape(): boolean {
  if (kept) return true;
  const symbols = Object.getOwnPropertySymbols(new AsyncResource('faasade'));
  const asyncId = symbols.find((symbol) => symbol.description === 'async_id_symbol');
  const triggerId = symbols.find((symbol) => symbol.description === 'trigger_async_id_symbol');
  if (asyncId === undefined || triggerId === undefined) return false;
  const ids = new Float64Array([1, 1]);
  kept = { [asyncId]: ids[0], [triggerId]: ids[1], callback: keepTickObjectShape, args: undefined };
  return true;
}
