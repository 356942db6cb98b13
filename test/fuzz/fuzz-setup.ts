/**
 * What every adapter fuzz test shares: a seed that is printed (and replayed from
 * FUZZ_SEED), the run count (FUZZ_RUNS, default 10,000), a per-case time limit, a watch
 * for unhandled rejections, and mutations of vendor fixtures.
 */
import fc from 'fast-check';

/**
 * fast-check parameters for one property's run; prints the seed so a failure can be
 * replayed. `runs` is the default count (10,000: the adapter fuzz target); FUZZ_RUNS overrides it.
 */
export function fuzzParameters(label: string, runs = 10_000): { seed: number; numRuns: number; endOnFailure: true } {
  const seed = process.env.FUZZ_SEED === undefined ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : Number(process.env.FUZZ_SEED);
  const numRuns = Number(process.env.FUZZ_RUNS ?? runs);
  // stderr: the tests silence stdout and console, where the adapters log each refusal.
  process.stderr.write(`[fuzz] ${label}: ${numRuns} cases, seed ${seed} (replay with FUZZ_SEED=${seed})\n`);
  return { seed, numRuns, endOnFailure: true };
}

/** Settles with the promise's outcome, or rejects when it takes longer than `ms` (a hang). */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`case did not settle within ${ms} ms`)), ms); });
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Collects unhandled rejections from now until `stop()`; the test asserts the list stays empty. */
export function watchUnhandledRejections(): { readonly seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => { seen.push(reason); };
  process.on('unhandledRejection', listener);
  return { seen, stop: () => { process.off('unhandledRejection', listener); } };
}

type Path = Array<string | number>;

/**
 * Every path into a JSON value (the root included). A string holding a JSON object (an SQS
 * body, an SNS message, a JSON request body) is a tree too: events nest JSON as text.
 */
export function jsonPaths(value: unknown, prefix: Path = []): Path[] {
  const tree = typeof value === 'string' ? parsedObject(value) : value;
  if (typeof tree !== 'object' || tree === null) return [prefix];
  const entries = Array.isArray(tree) ? tree.map((v, i) => [i, v] as const) : Object.entries(tree);
  return [prefix, ...entries.flatMap(([key, child]) => jsonPaths(child, [...prefix, key]))];
}

/**
 * A copy of `value` with the node at `path` replaced, or deleted when `remove` (object keys
 * only). A path through JSON text (see {@link jsonPaths}) rewrites that text.
 */
export function mutateAt(value: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const wasText = typeof value === 'string';
  const tree = structuredClone(wasText ? parsedObject(value as string) : value) as Record<string | number, unknown>;
  const [head, ...rest] = path as [string | number, ...Path];
  if (rest.length === 0 && remove && !Array.isArray(tree)) delete tree[head];
  else tree[head] = mutateAt(tree[head], rest, replacement, remove);
  return wasText ? JSON.stringify(tree) : tree;
}

function parsedObject(text: string): unknown {
  if (!text.startsWith('{')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Strings built to hurt: control characters, CR/LF, lone surrogates, percent junk, long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\r\n', 'a\r\nSet-Cookie: x=1', '\u0000', '\ud800', '%', '%zz', '%00', '../..', '/%2e%2e/', '\u2028', 'é'.repeat(300), '?a=1&a=2#f'),
  fc.array(fc.constantFrom('a', '/', '%', '\r', '\n', '\u0000', 'é', '\ud83d', '=', '&', ';', ','), { maxLength: 40 }).map((parts) => parts.join('')),
);

/** One or two mutations of one of `events`: a node deleted, or replaced by any JSON value or a hostile string. */
export function mutatedEvent(events: readonly unknown[]): fc.Arbitrary<unknown> {
  const replacement = fc.oneof(fc.jsonValue(), hostileString);
  const once = (event: unknown) => fc.tuple(fc.constantFrom(...jsonPaths(event)), replacement, fc.boolean())
    .map(([path, value, remove]) => mutateAt(event, path, value, remove));
  return fc.constantFrom(...events).chain(once).chain((event) => fc.oneof(fc.constant(event), once(event)));
}
