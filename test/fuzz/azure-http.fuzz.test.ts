/**
 * Fuzz: hostile HTTP requests built with @azure/functions' own HttpRequest constructor
 * (what the worker hands a function), through azureHandler in process. Each case must
 * settle within 2 s with a well-formed HttpResponseInit (status 100–599, no CR/LF in any
 * header, no internal detail in a 5xx); azureHandler never rejects, and nothing is left
 * as an unhandled rejection. 10,000 cases (FUZZ_RUNS), seed printed.
 */
import fc from 'fast-check';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { azureHandler } from '@faasade/azure';
import { fuzzParameters, hostileString, settleWithin, watchUnhandledRejections } from './fuzz-setup.js';
import { fuzzTarget, leaksInternals, unsafeHeaderText } from './handler-under-fuzz.js';

const requestInit = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'BREW'),
  path: hostileString,
  query: fc.oneof(hostileString.map((s) => `echo=${s}`), fc.constant('throw=1'), hostileString),
  headers: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.string({ unit: 'binary', maxLength: 40 }), { maxKeys: 6 }),
  body: fc.option(fc.oneof(fc.string().map((string) => ({ string })), fc.uint8Array({ maxLength: 70_000 }).map((bytes) => ({ bytes }))), { nil: undefined }),
});

/** Builds the library's request; a URL or header the library itself refuses is not a case for the adapter. */
type RequestInit = typeof requestInit extends fc.Arbitrary<infer T> ? T : never;
function libraryRequest(init: RequestInit): HttpRequest | undefined {
  try {
    return new HttpRequest({
      method: init.method,
      url: `https://fuzz.azurewebsites.net/api/${init.path}?${init.query}`,
      headers: init.headers,
      ...(init.body && init.method !== 'GET' && init.method !== 'HEAD' ? { body: init.body } : {}),
    });
  } catch {
    return undefined;
  }
}

const handler = azureHandler(fuzzTarget);
const rejections = watchUnhandledRejections();
beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation(() => {});
});
afterAll(() => { vi.restoreAllMocks(); rejections.stop(); });

it('Azure azureHandler: any request → a well-formed response; no crash, hang or unhandled rejection', async () => {
  let built = 0;
  const parameters = fuzzParameters('azure azureHandler');
  await fc.assert(fc.asyncProperty(requestInit, async (init) => {
    const request = libraryRequest(init);
    fc.pre(request !== undefined);
    built += 1;
    const context = new InvocationContext({ invocationId: 'fuzz', functionName: 'fuzz-target' });
    const outcome = await settleWithin(handler(request!, context), 2000);
    expect('error' in outcome ? outcome.error : undefined).toBeUndefined();
    const init2 = (outcome as { value: { status?: number; headers?: Array<[string, string]>; body?: unknown } }).value;
    expect(Number.isInteger(init2.status) && init2.status! >= 100 && init2.status! <= 599).toBe(true);
    for (const [name, value] of init2.headers ?? []) expect(unsafeHeaderText(name) || unsafeHeaderText(value), `header ${JSON.stringify(name)}`).toBe(false);
    if (init2.status! >= 500 && init2.body !== undefined) expect(leaksInternals(new TextDecoder().decode(init2.body as Uint8Array))).toBe(false);
  }), parameters);
  process.stderr.write(`[fuzz] azure: ${built} requests reached the adapter\n`);
  expect(built).toBeGreaterThan(parameters.numRuns * 0.9);
  await new Promise((resolve) => setImmediate(resolve));
  expect(rejections.seen).toEqual([]);
}, 600_000);
