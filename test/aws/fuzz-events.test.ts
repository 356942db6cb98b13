import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventDecodeError, json, onHttp } from '@faasade/core';
import { lambdaHandler } from '@faasade/aws';

// Property: whatever a vendor HTTP event is mutated into (fields deleted, replaced by any
// JSON value, anywhere in the tree), the handler answers with a well-formed result or
// fails with UnknownEventShape. It never throws anything else, never rejects with a
// stray TypeError, never hangs.
const vendorDir = fileURLToPath(new URL('../fixtures/vendor-events/aws/', import.meta.url));
const events = readdirSync(vendorDir)
  .filter((name) => /^(apigw-|alb-|function-url-)/.test(name))
  .map((name) => JSON.parse(readFileSync(vendorDir + name, 'utf8').replace(/^\uFEFF/, '')) as unknown);

// Touches everything the adapter builds lazily.
const reader = onHttp({ name: 'reader', route: '/{path+}' }, async (request) => {
  const body = await request.arrayBuffer();
  return json({ url: new URL(request.url).href, headers: [...request.headers].length, bytes: body.byteLength });
});
const handler = lambdaHandler(reader);
const context = { awsRequestId: 'fuzz', getRemainingTimeInMillis: () => 5000 };

type Path = Array<string | number>;
function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}
function mutate(event: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(event) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove && !Array.isArray(node)) delete node[last];
  else node[last] = replacement;
  return copy;
}

const mutation = fc
  .nat({ max: events.length - 1 })
  .chain((index) => fc.tuple(fc.constant(events[index]), fc.constantFrom(...paths(events[index])), fc.jsonValue(), fc.boolean()));

describe('any mutation of a vendor HTTP event', () => {
  beforeAll(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true); // the adapter logs each refusal
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('gets a well-formed answer or UnknownEventShape, never a crash or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, fc.boolean(), async ([event, path, replacement, remove], twice) => {
        let mutated = mutate(event, path, replacement, remove);
        if (twice) mutated = mutate(mutated, paths(mutated).at(-1) ?? [], 'x\r\n\u0000\ud800', false);
        const outcome = await Promise.race([
          handler(mutated, context).then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          ),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('handler hung')), 2000)),
        ]);
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(EventDecodeError);
          expect((outcome.error as EventDecodeError).code).toBe('UnknownEventShape');
          return;
        }
        const result = outcome.result as unknown as Record<string, unknown>;
        expect(Number.isInteger(result.statusCode)).toBe(true);
        expect(result.statusCode).toBeGreaterThanOrEqual(200);
        expect(result.statusCode).toBeLessThan(600);
        expect(typeof result.body).toBe('string');
        expect(typeof result.isBase64Encoded).toBe('boolean');
        // A refusal is a 4xx naming the problem, never a 500 from an unexpected throw.
        expect(result.statusCode === 200 || (result.statusCode as number) < 500).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});
