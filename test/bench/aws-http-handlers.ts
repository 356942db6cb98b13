/**
 * The three candidates of the AWS HTTP benchmark (see aws-http.ts), bundled by it the way
 * a deployment would be, so every candidate is compiled alike.
 */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import hello from '@faasade/hello';
import { lambdaHandler } from '@faasade/aws';

/** A realistic HTTP API (payload 2.0) event: 12 headers, a query string, a small JSON body. */
export const event = {
  version: '2.0',
  routeKey: 'POST /hello',
  rawPath: '/hello',
  rawQueryString: 'lang=en&source=bench',
  headers: {
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'en-GB,en;q=0.9',
    'content-length': '14',
    'content-type': 'application/json',
    host: 'abc123def4.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    'x-amzn-trace-id': 'Root=1-66705bc7-2b4257df30cbee696ef2cf28',
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    'x-request-id': '5f1c2a8e-9b7d-4c1e-8f3a-2d6b9e0c4a71',
  },
  queryStringParameters: { lang: 'en', source: 'bench' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'abc123def4',
    domainName: 'abc123def4.execute-api.eu-west-1.amazonaws.com',
    domainPrefix: 'abc123def4',
    http: { method: 'POST', path: '/hello', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0' },
    requestId: 'ZhNHJhhLjoEEPiw=',
    routeKey: 'POST /hello',
    stage: '$default',
    time: '17/Jun/2024:15:52:39 +0000',
    timeEpoch: 1718639559080,
  },
  body: '{"name":"Ada"}',
  isBase64Encoded: false,
};
export const context = { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678', getRemainingTimeInMillis: () => 30_000 };

export type Handler = (event: never, context: never) => Promise<{ statusCode: number; body?: string }>;

// (a) What a careful hand-written handler does for the same API.
const raw: Handler = async (e: typeof event) => {
  const method = e.requestContext.http.method;
  let name: string | null = null;
  if (method === 'POST') {
    const text = e.isBase64Encoded ? Buffer.from(e.body, 'base64').toString('utf8') : e.body;
    let body: unknown;
    try {
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{"message":"invalid JSON"}' };
    }
    const value = (body as { name?: unknown }).name;
    name = typeof value === 'string' ? value : null;
  } else if (method === 'GET') {
    name = new URLSearchParams(e.rawQueryString).get('name');
  } else {
    return { statusCode: 405, headers: { allow: 'GET, HEAD, POST' }, body: '' };
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `Hello, ${name || 'World'}!` }) };
};

// (b) The same API on hono.
const app = new Hono();
app.get('/hello', (c) => c.json({ message: `Hello, ${c.req.query('name') || 'World'}!` }));
app.post('/hello', async (c) => {
  const body = await c.req.json<{ name?: string }>();
  return c.json({ message: `Hello, ${body.name || 'World'}!` });
});
const honoHandler = handle(app) as unknown as Handler;

// (c) faasade.
const faasade = lambdaHandler(hello) as unknown as Handler;

export const candidates: Array<[string, Handler]> = [
  ['raw handler', raw],
  ['hono/aws-lambda', honoHandler],
  ['faasade lambdaHandler', faasade],
];

