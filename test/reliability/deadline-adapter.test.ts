/**
 * Deadlines through the AWS adapter and the S3 driver: a storage service that accepts the
 * connection and never answers must not hang the invocation. ctx.signal (armed from
 * Lambda's getRemainingTimeInMillis) aborts the SDK call; the client gets a 504
 * problem+json and the log names the operation and key once.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onHttp } from '@faasade/core';
import { Bucket } from '@faasade/core/storage';
import { lambdaHandler } from '@faasade/aws';
import { S3Driver } from '@faasade/aws/s3';

let server: Server;
let endpoint: string;
let requests = 0;

beforeAll(async () => {
  // Reads the request and never answers: the shape of an overloaded or partitioned service.
  server = createServer((req) => { requests++; req.resume(); });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

describe('AWS adapter + S3 driver, service never answers', () => {
  it('answers 504 problem+json before Lambda\'s deadline and logs the stalled get once', async () => {
    const bucket = new Bucket(new S3Driver({
      bucket: 'photos',
      clientConfig: { endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'k', secretAccessKey: 's' }, maxAttempts: 1 },
    }));
    const fn = onHttp({ name: 'thumb', route: '/thumb/{id}' }, async (_request, ctx) => {
      const bytes = await bucket.getBytes('originals/cat.jpg', { signal: ctx.signal });
      return new Response(bytes);
    });
    const event = {
      version: '2.0', routeKey: '$default', rawPath: '/thumb/1', rawQueryString: '', headers: { host: 'x.example.com' }, isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/thumb/1', sourceIp: '1.2.3.4' }, requestId: 'r', domainName: 'x.example.com', stage: '$default' },
    };
    // Load the SDK first (a cold import blocks the event loop for a second here), then count afresh.
    await bucket.exists('warm-up', { signal: AbortSignal.timeout(200) }).catch(() => undefined);
    requests = 0;
    const started = Date.now();
    const budgetMs = 3000; // Lambda's default timeout: ctx.signal fires 300 ms early
    let output = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { output += String(chunk); return true; });
    let result: { statusCode: number; headers?: Record<string, string>; body: string };
    try {
      result = await lambdaHandler(fn)(event as never, { awsRequestId: 'a', getRemainingTimeInMillis: () => budgetMs - (Date.now() - started) } as never) as never;
    } finally {
      vi.restoreAllMocks();
    }
    expect(requests).toBeGreaterThan(0); // the call really was in flight
    expect(Date.now() - started).toBeLessThan(budgetMs + 1000); // it did not hang until a test timeout
    expect(result.statusCode).toBe(504);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body)).toMatchObject({ status: 504 });
    const timedOut = output.split('\n').filter((line) => line.includes('invocation timed out')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(timedOut).toHaveLength(1);
    expect(timedOut[0]).toMatchObject({ code: 'DeadlineExceeded', operation: 'get', key: 'originals/cat.jpg' });
    expect(timedOut[0]!.remainingMs).toBeGreaterThan(0); // answered before Lambda would have killed it
    await bucket.close();
  });
});
