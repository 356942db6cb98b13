/**
 * Deadlines through core's adapter toolkit: ctx.signal cuts a storage call short before the
 * platform would kill the instance, and the invocation fails cleanly (DeadlineExceeded, 504).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onHttp } from '@faasade/core';
import { createContext, invokeHttp } from '@faasade/core/adapter';
import { Bucket, FsDriver, isStorageError } from '@faasade/core/storage';

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function fsBucket(): Promise<{ bucket: Bucket; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'faasade-deadline-'));
  roots.push(root);
  return { bucket: new Bucket(new FsDriver({ root, create: true })), root };
}

/** A body that sends one chunk and then never ends: an upload still in flight at the deadline. */
function endlessBody(): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) controller.enqueue(new Uint8Array(64 * 1024));
      sent = true;
      return new Promise(() => undefined);
    },
  }, { highWaterMark: 0 });
}

function capture(): { lines: Array<Record<string, unknown>>; sink: (line: string) => void } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, sink: (line) => { for (const one of line.split('\n').filter(Boolean)) lines.push(JSON.parse(one) as Record<string, unknown>); } };
}

const fnWith = (handler: Parameters<typeof onHttp>[1]) => onHttp({ name: 'slow', route: '/slow' }, handler);

describe('deadlines', () => {
  it('ctx.signal aborts a storage put in flight with DeadlineExceeded, naming the operation and key, writing nothing', async () => {
    const { bucket, root } = await fsBucket();
    const ctx = createContext({ fn: fnWith(() => new Response()), cloud: 'local', deadline: Date.now() + 300, event: {} });
    const started = Date.now();
    const error = await bucket.put('uploads/big.bin', endlessBody(), { signal: ctx.signal }).then(() => undefined, (e: unknown) => e);
    ctx.dispose();
    expect(isStorageError(error, 'DeadlineExceeded')).toBe(true);
    expect(error).toMatchObject({ operation: 'put', key: 'uploads/big.bin' });
    expect(Date.now() - started).toBeLessThan(2000); // cut short, not left hanging
    expect(await bucket.exists('uploads/big.bin')).toBe(false);
    expect((await readdir(join(root, 'uploads')).catch(() => [])).filter((name) => name.includes('%tmp'))).toEqual([]);
  });

  it('a signal aborted by the caller (not a deadline) stays Canceled', async () => {
    const { bucket } = await fsBucket();
    const controller = new AbortController();
    const putting = bucket.put('k', endlessBody(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await putting.then(() => undefined, (e: unknown) => e);
    expect(isStorageError(error, 'Canceled')).toBe(true);
  });

  it('an HTTP invocation whose storage call overruns answers 504 problem+json, logged once with the operation and key', async () => {
    const { bucket } = await fsBucket();
    const fn = fnWith(async (_request, ctx) => {
      await bucket.put('reports/2024.csv', endlessBody(), { signal: ctx.signal });
      return new Response('done');
    });
    const log = capture();
    const ctx = createContext({ fn, cloud: 'local', deadline: Date.now() + 5000, event: {}, logSink: log.sink });
    const parts = await invokeHttp(fn, new Request('http://localhost/slow', { method: 'POST' }), ctx);
    expect(parts.status).toBe(504);
    expect(parts.headers).toContainEqual(['content-type', 'application/problem+json']);
    expect(JSON.parse(String(parts.body))).toMatchObject({ status: 504 });
    const errors = log.lines.filter((line) => String(line.level ?? line.severity).toLowerCase() === 'error');
    expect(errors, JSON.stringify(errors)).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'DeadlineExceeded', operation: 'put', key: 'reports/2024.csv' });
  });

  it('a handler that ignores the signal and never finishes answers 504 before the deadline instead of hanging', async () => {
    const fn = fnWith(() => new Promise<Response>(() => undefined));
    const log = capture();
    const deadline = Date.now() + 300;
    const ctx = createContext({ fn, cloud: 'local', deadline, event: {}, logSink: log.sink });
    const parts = await invokeHttp(fn, new Request('http://localhost/slow'), ctx);
    expect(parts.status).toBe(504);
    expect(log.lines.find((line) => line.message === 'invocation timed out')?.remainingMs).toBeGreaterThan(0);
    expect(String(parts.body)).not.toMatch(/still running|slow/);
    expect(log.lines.filter((line) => line.message === 'invocation timed out')).toHaveLength(1);
  });

  it('invocations in flight together each time out at their own deadline, a later, shorter one included', async () => {
    const hanging = fnWith(() => new Promise<Response>(() => undefined));
    let finishSlow!: () => void;
    const slowButInTime = fnWith(() => new Promise<Response>((resolve) => (finishSlow = () => resolve(new Response('late but in time')))));
    const started = Date.now();
    const at = (ms: number, fn: ReturnType<typeof fnWith>) => createContext({ fn, cloud: 'local', deadline: started + ms, event: {}, logSink: () => undefined });
    // The long one starts first; the short one, started after it, must not wait for its deadline.
    const long = invokeHttp(hanging, new Request('http://localhost/slow'), at(1500, hanging)).then((parts) => ({ parts, after: Date.now() - started }));
    const fine = invokeHttp(slowButInTime, new Request('http://localhost/slow'), at(1500, slowButInTime));
    const short = await invokeHttp(hanging, new Request('http://localhost/slow'), at(300, hanging));
    expect(short.status).toBe(504);
    // Before the long ones' deadline (1500 ms less its 150 ms margin) could have fired anything.
    expect(Date.now() - started).toBeLessThan(1350);
    finishSlow();
    expect((await fine).status).toBe(200);
    const { parts, after } = await long;
    expect(parts.status).toBe(504);
    expect(after).toBeGreaterThanOrEqual(1300);
  });

  it('a handler that fails otherwise is still a 500, and a fast one is untouched by the deadline race', async () => {
    const failing = fnWith(async () => { throw new Error('internal'); });
    const ok = fnWith(async () => new Response('fine'));
    const mk = (fn: ReturnType<typeof fnWith>) => createContext({ fn, cloud: 'local', deadline: Date.now() + 300, event: {}, logSink: () => undefined });
    expect((await invokeHttp(failing, new Request('http://localhost/slow'), mk(failing))).status).toBe(500);
    const parts = await invokeHttp(ok, new Request('http://localhost/slow'), mk(ok));
    expect(parts.status).toBe(200);
  });
});
