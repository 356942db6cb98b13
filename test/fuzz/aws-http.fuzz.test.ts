/**
 * Fuzz: mutated vendor API Gateway / ALB / Function URL events and synthesised HTTP API
 * events with hostile paths, queries, headers and bodies, through lambdaHandler in
 * process. Each case must settle within 2 s with a well-formed Lambda result (no CR/LF in
 * any header, no internal detail in a 5xx) or reject with EventDecodeError
 * UnknownEventShape; no unhandled rejection. 10,000 cases (FUZZ_RUNS), seed printed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { EventDecodeError } from '@faasade/core';
import { lambdaHandler } from '@faasade/aws';
import { fuzzParameters, hostileString, mutatedEvent, settleWithin, watchUnhandledRejections } from './fuzz-setup.js';
import { fuzzTarget, leaksInternals, unsafeHeaderText } from './handler-under-fuzz.js';

const vendorDir = fileURLToPath(new URL('../fixtures/vendor-events/aws/', import.meta.url));
const vendorEvents = readdirSync(vendorDir).filter((name) => /^(apigw-|alb-|function-url-)/.test(name))
  .map((name) => JSON.parse(readFileSync(vendorDir + name, 'utf8').replace(/^\uFEFF/, '')) as unknown);

const httpApiEvent = fc.record({
  version: fc.constant('2.0'),
  routeKey: fc.constant('$default'),
  rawPath: fc.oneof(hostileString.map((s) => `/${s}`), fc.constant('/ok')),
  rawQueryString: fc.oneof(hostileString.map((s) => `echo=${s}`), fc.constant('throw=1'), hostileString),
  headers: fc.dictionary(fc.oneof(fc.string(), hostileString), hostileString, { maxKeys: 6 }),
  cookies: fc.option(fc.array(hostileString, { maxLength: 3 }), { nil: undefined }),
  body: fc.option(fc.oneof(hostileString, fc.base64String()), { nil: undefined }),
  isBase64Encoded: fc.boolean(),
  requestContext: fc.record({
    http: fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'get', 'BREW', ''), path: fc.constant('/'), sourceIp: fc.constant('1.2.3.4') }),
    requestId: fc.string(),
    domainName: fc.oneof(fc.constant('api.example.com'), hostileString),
    stage: fc.constant('$default'),
  }),
});

const handler = lambdaHandler(fuzzTarget);
const context = { awsRequestId: 'fuzz', getRemainingTimeInMillis: () => 5000 };
const rejections = watchUnhandledRejections();
beforeAll(() => { vi.spyOn(process.stdout, 'write').mockImplementation(() => true); }); // the adapter logs each refusal
afterAll(() => { vi.restoreAllMocks(); rejections.stop(); });

function checkResult(result: Record<string, unknown>): void {
  expect(Number.isInteger(result.statusCode) && (result.statusCode as number) >= 100 && (result.statusCode as number) <= 599).toBe(true);
  expect(typeof result.body).toBe('string');
  expect(typeof result.isBase64Encoded).toBe('boolean');
  for (const [name, value] of Object.entries((result.headers ?? {}) as Record<string, unknown>)) {
    expect(unsafeHeaderText(name) || unsafeHeaderText(String(value)), `header ${JSON.stringify(name)}`).toBe(false);
  }
  for (const [name, values] of Object.entries((result.multiValueHeaders ?? {}) as Record<string, unknown[]>)) {
    expect(unsafeHeaderText(name) || values.some((v) => unsafeHeaderText(String(v)))).toBe(false);
  }
  for (const cookie of (result.cookies ?? []) as unknown[]) expect(unsafeHeaderText(String(cookie))).toBe(false);
  if ((result.statusCode as number) >= 500) expect(leaksInternals(result.body as string)).toBe(false);
}

it('AWS lambdaHandler: any HTTP event → a well-formed result or UnknownEventShape; no crash, hang or unhandled rejection', async () => {
  await fc.assert(fc.asyncProperty(fc.oneof({ arbitrary: mutatedEvent(vendorEvents), weight: 3 }, { arbitrary: httpApiEvent, weight: 2 }, { arbitrary: fc.jsonValue(), weight: 1 }), async (event) => {
    const outcome = await settleWithin(handler(event as never, context as never), 2000);
    if ('error' in outcome) {
      expect(outcome.error).toBeInstanceOf(EventDecodeError);
      expect((outcome.error as EventDecodeError).code).toBe('UnknownEventShape');
      return;
    }
    checkResult(outcome.value as unknown as Record<string, unknown>);
  }), fuzzParameters('aws lambdaHandler'));
  await new Promise((resolve) => setImmediate(resolve));
  expect(rejections.seen).toEqual([]);
}, 600_000);
