/**
 * What a handler sees of its invocation when `faasade dev` serves it: the ids and the
 * deadline signal the local server hands core must behave like a platform's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, onHttp } from '@faasade/core';
import { startDevServer, type DevServer } from '../src/dev-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const inspect = onHttp({ name: 'inspect', route: '/inspect', timeoutSeconds: 2 }, (request, ctx) => json({
  id: ctx.invocationId,
  sameSignal: request.signal === ctx.signal,
  aborted: request.signal.aborted,
  remainingMs: ctx.remainingMs(),
}));

describe('an HTTP invocation under faasade dev', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({ functions: [inspect], logSink: () => undefined });
  });
  afterAll(() => server.close());

  it('has a UUID-shaped invocation id of its own, and request.signal is the invocation deadline signal', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server.url}/inspect`).then((r) => r.json() as Promise<Record<string, unknown>>)));
    const ids = answers.map((answer) => answer.id as string);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const answer of answers) {
      expect(answer).toMatchObject({ sameSignal: true, aborted: false });
      expect(answer.remainingMs).toBeGreaterThan(1000);
      expect(answer.remainingMs).toBeLessThanOrEqual(2000);
    }
  });
});
