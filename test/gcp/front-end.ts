import { randomBytes } from 'node:crypto';
import type { ClientRequest, ClientResponse } from '@faasade/contract';
import { sendOverHttp } from '../shared/http-client.js';

/**
 * The public host Cloud Run gives a function's service (`<service>-<hash>-<region>.a.run.app`).
 * Cloud Functions 2nd gen functions are Cloud Run services, reached at this host too.
 */
export function publicHost(functionName: string): string {
  return `${functionName.toLowerCase().replace(/_/g, '-')}-q7x3kva2ca-uc.a.run.app`;
}

// Headers the front end sets itself, so a client's own copy never reaches the container.
const FRONT_END_HEADERS = new Set(['x-forwarded-proto', 'x-cloud-trace-context', 'traceparent']);

/**
 * Sends a client's request to a Functions Framework server on `port` the way Cloud Run's
 * front end forwards it: TLS ended (`X-Forwarded-Proto: https`), the client's `Host`
 * kept, the client address in `X-Forwarded-For`, a fresh trace in `X-Cloud-Trace-Context`
 * and `traceparent`, path, query, other headers, cookies and body untouched.
 * https://cloud.google.com/run/docs/container-contract#request-headers
 */
export function sendThroughFrontEnd(port: number, host: string, client: ClientRequest): Promise<ClientResponse> {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8);
  const headers: Array<[string, string]> = [
    ['host', host],
    ...client.headers.filter(([name]) => !FRONT_END_HEADERS.has(name) && name !== 'host'),
    ['x-forwarded-for', '203.0.113.7'],
    ['x-forwarded-proto', 'https'],
    ['x-cloud-trace-context', `${traceId}/${spanId.readBigUInt64BE()};o=1`],
    ['traceparent', `00-${traceId}-${spanId.toString('hex')}-01`],
  ];
  return sendOverHttp(`http://127.0.0.1:${port}`, { ...client, headers });
}
