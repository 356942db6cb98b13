import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { binary, json, onHttp } from '@faasade/core';
import type { LambdaContext } from '../src/index.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A vendor sample event from ../shared/fixtures/events/aws (BOM-tolerant), as a fresh object. */
export function vendorEvent(name: string): Record<string, any> {
  return JSON.parse(readFileSync(`${repoRoot}test/fixtures/vendor-events/aws/${name}`, 'utf8').replace(/^\uFEFF/, ''));
}

/** One of our malformed variants in test/fixtures/aws. */
export function malformedEvent(name: string): Record<string, any> {
  return JSON.parse(readFileSync(`${repoRoot}test/fixtures/aws/${name}`, 'utf8'));
}

/** A Lambda context like the Node.js runtime's. */
export function lambdaContext(requestId = 'c6af9ac6-7b61-11e6-9a41-93e812345678', remainingMs = 3000): LambdaContext {
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId: requestId,
    functionName: 'echo',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:echo',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

/** What the echo function saw. */
export interface Seen {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string;
  invocationId: string;
  deadline: number;
}

/** Answers with what it received: method, URL, headers and body (base64). */
export const echo = onHttp({ name: 'echo', route: '/{path+}' }, async (request, ctx) => {
  const body = Buffer.from(await request.arrayBuffer()).toString('base64');
  return json({ method: request.method, url: request.url, headers: [...request.headers], body, invocationId: ctx.invocationId, deadline: ctx.deadline });
});

/** Answers exactly what it is given: status, header pairs, cookies, a body and its type. */
export function replying(reply: { status?: number; headers?: Array<[string, string]>; cookies?: string[]; body?: Uint8Array | string | null; type?: string }) {
  return onHttp({ name: 'reply', route: '/{path+}' }, () => {
    const headers = new Headers(reply.headers ?? []);
    for (const cookie of reply.cookies ?? []) headers.append('set-cookie', cookie);
    if (reply.type) headers.set('content-type', reply.type);
    const body = reply.body ?? null;
    if (body instanceof Uint8Array) return binary(body, { status: reply.status ?? 200, headers });
    return new Response(body, { status: reply.status ?? 200, headers });
  });
}

/** Decodes the echo function's answer from any result shape. */
export function seen(result: { body: string; isBase64Encoded: boolean }): Seen {
  const text = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body;
  return JSON.parse(text) as Seen;
}

/** Captures the JSON log lines written to stdout while `run` executes. */
export async function captureLogs<T>(run: () => Promise<T>): Promise<{ value: T | undefined; error: unknown; logs: Array<Record<string, unknown>> }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const value = await run();
    return { value, error: undefined, logs: parse(lines) };
  } catch (error) {
    return { value: undefined, error, logs: parse(lines) };
  } finally {
    spy.mockRestore();
  }
}

function parse(lines: string[]): Array<Record<string, unknown>> {
  return lines.flatMap((line) => line.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}
