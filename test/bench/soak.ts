/**
 * Soak: n invocations through each HTTP adapter in one process; is the heap stable once
 * warm? Each adapter runs a warm-up (n/10, at least 2,000), a full GC, n invocations, a
 * full GC, and reports the heap growth. The function is async and reads the query and the
 * JSON body, so each invocation also arms ctx's deadline signal and the deadline race
 * (timer + listener) — the per-invocation resources most likely to leak.
 *
 * Run: node --expose-gc --import tsx --conditions=source test/bench/soak.ts [n=100000]
 */
import { createRequire } from 'node:module';
import { onHttp } from '@faasade/core';
import { lambdaHandler } from '@faasade/aws';
import { azureHandler } from '@faasade/azure';
import { gcpHandler } from '@faasade/gcp';

// @azure/functions is CommonJS; its named exports are not visible to Node's ESM loader.
const { HttpRequest, InvocationContext } = createRequire(import.meta.url)('@azure/functions') as typeof import('@azure/functions');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (see the header of test/bench/soak.ts)');
const n = Number(process.argv[2] ?? 100_000);
if (!(Number.isInteger(n) && n > 0)) throw new Error(`n must be a positive integer, got ${process.argv[2]}`);

const greet = onHttp({ name: 'greet', route: '/greet/{name}', timeoutSeconds: 30 }, async (request, ctx) => {
  void ctx.signal; // arms the deadline timer, as a handler passing it to storage or fetch would
  const body = await request.json() as { greeting?: string };
  const who = new URL(request.url).searchParams.get('who') ?? 'world';
  return Response.json({ message: `${body.greeting ?? 'hello'}, ${who}`, invocation: ctx.invocationId });
});
const BODY = JSON.stringify({ greeting: 'hi' });

/** One invocation per adapter, checked: a soak that silently answers 500 would measure nothing. */
type Invoke = (i: number) => Promise<number>;

const aws = lambdaHandler(greet);
const awsInvoke: Invoke = async (i) => {
  const event = {
    version: '2.0', routeKey: '$default', rawPath: '/greet/ada', rawQueryString: `who=ada${i}`, isBase64Encoded: false, body: BODY,
    headers: { host: 'abc.execute-api.us-east-1.amazonaws.com', 'content-type': 'application/json', 'user-agent': 'soak' },
    requestContext: { http: { method: 'POST', path: '/greet/ada', sourceIp: '1.2.3.4' }, requestId: `r${i}`, domainName: 'abc.execute-api.us-east-1.amazonaws.com', stage: '$default' },
  };
  const result = await aws(event as never, { awsRequestId: `a${i}`, getRemainingTimeInMillis: () => 30_000 } as never) as { statusCode: number };
  return result.statusCode;
};

const azure = azureHandler(greet);
const azureInvoke: Invoke = async (i) => {
  const request = new HttpRequest({ method: 'POST', url: `https://app.azurewebsites.net/api/greet/ada?who=ada${i}`, headers: { 'content-type': 'application/json' }, body: { string: BODY }, params: { name: 'ada' } });
  const context = new InvocationContext({ invocationId: `z${i}`, functionName: 'greet', logHandler: () => undefined });
  return (await azure(request, context)).status ?? 200;
};

const gcp = gcpHandler(greet);
const gcpInvoke: Invoke = async (i) => {
  const req = {
    method: 'POST', url: `/greet/ada?who=ada${i}`, originalUrl: `/greet/ada?who=ada${i}`, rawBody: Buffer.from(BODY),
    headers: { host: 'greet-abc.a.run.app', 'content-type': 'application/json', 'function-execution-id': `g${i}` },
    readableEnded: true, socket: {}, on: () => req, removeListener: () => req,
  };
  let status = 0;
  const res = { headersSent: false, statusCode: 200, setHeader: () => undefined, end() { status = res.statusCode; res.headersSent = true; } };
  await gcp(req as never, res as never);
  return status;
};

function heapMb(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function soak(name: string, invoke: Invoke): Promise<void> {
  const warmUp = Math.max(2_000, Math.floor(n / 10));
  for (let i = 0; i < warmUp; i++) await check(name, invoke, i);
  const before = heapMb();
  const started = performance.now();
  for (let i = 0; i < n; i++) await check(name, invoke, i);
  const seconds = (performance.now() - started) / 1000;
  const after = heapMb();
  const growth = after - before;
  console.log(`${name.padEnd(6)} n=${n}  heap after warm-up ${before.toFixed(1)} MB → after ${after.toFixed(1)} MB  growth ${growth >= 0 ? '+' : ''}${(growth * 1024).toFixed(0)} KB (${((growth * 2 ** 20) / n).toFixed(1)} B/invocation)  ${Math.round(n / seconds)} inv/s`);
}

async function check(name: string, invoke: Invoke, i: number): Promise<void> {
  const status = await invoke(i);
  if (status !== 200) throw new Error(`${name}: invocation ${i} answered ${status}`);
}

// Handlers log nothing on success; a stray line per invocation would itself look like growth.
console.log(`soak: node ${process.version}, n=${n} per adapter`);
await soak('aws', awsInvoke);
await soak('azure', azureInvoke);
await soak('gcp', gcpInvoke);
