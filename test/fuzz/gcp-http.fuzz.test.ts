/**
 * Fuzz: hostile requests in the shape the Functions Framework hands a function (an
 * Express request with `rawBody` already read, and a response), through gcpHandler in
 * process. Each case must settle within 2 s, end the response exactly once with a status
 * of 100–599, no CR/LF in any header and no internal detail in a 5xx; nothing is left as
 * an unhandled rejection. 10,000 cases (FUZZ_RUNS), seed printed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { gcpHandler } from '@faasade/gcp';
import { fuzzParameters, hostileString, settleWithin, watchUnhandledRejections } from './fuzz-setup.js';
import { fuzzTarget, leaksInternals, unsafeHeaderText } from './handler-under-fuzz.js';

const requestShape = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'BREW', undefined),
  url: fc.oneof(hostileString.map((s) => `/${s}`), hostileString.map((s) => `/x?echo=${s}`), fc.constant('/x?throw=1'), hostileString),
  headers: fc.dictionary(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.constantFrom('host', 'x-forwarded-proto', 'content-type', 'cookie', 'content-length')),
    fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })), { maxKeys: 6 }),
  rawBody: fc.option(fc.uint8Array({ maxLength: 70_000 }), { nil: undefined }),
});

/** A response recording what the adapter wrote, refusing what Node's ServerResponse would refuse. */
function recordingResponse() {
  const written = { ends: 0, status: 0, headers: new Map<string, string | string[]>(), body: undefined as Uint8Array | string | undefined };
  const res = {
    headersSent: false,
    statusCode: 200,
    setHeader(name: string, value: string | string[]) {
      for (const v of [value].flat()) if (unsafeHeaderText(name) || unsafeHeaderText(v)) throw new TypeError('Invalid character in header content');
      written.headers.set(name, value);
    },
    end(chunk?: Uint8Array | string) {
      written.ends += 1;
      written.status = res.statusCode;
      written.body = chunk;
      res.headersSent = true;
    },
  };
  return { res, written };
}

const handler = gcpHandler(fuzzTarget);
const rejections = watchUnhandledRejections();
beforeAll(() => { vi.spyOn(process.stdout, 'write').mockImplementation(() => true); }); // the adapter logs each refusal
afterAll(() => { vi.restoreAllMocks(); rejections.stop(); });

it('GCP gcpHandler: any request → one well-formed response; no crash, hang or unhandled rejection', async () => {
  await fc.assert(fc.asyncProperty(requestShape, async (shape) => {
    const req = { ...shape, originalUrl: shape.url, readableEnded: true, socket: {}, on: () => req, removeListener: () => req };
    const { res, written } = recordingResponse();
    const outcome = await settleWithin(handler(req as never, res as never), 2000);
    expect('error' in outcome ? outcome.error : undefined).toBeUndefined();
    expect(written.ends).toBe(1);
    expect(written.status >= 100 && written.status <= 599).toBe(true);
    if (written.status >= 500 && written.body !== undefined) {
      expect(leaksInternals(typeof written.body === 'string' ? written.body : new TextDecoder().decode(written.body))).toBe(false);
    }
  }), fuzzParameters('gcp gcpHandler'));
  await new Promise((resolve) => setImmediate(resolve));
  expect(rejections.seen).toEqual([]);
}, 600_000);
