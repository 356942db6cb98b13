import type { Json } from './fixtures.js';

/** How the Functions Framework answered a delivery, which decides whether Eventarc retries. */
export interface EventDelivery {
  status: number;
  /** `X-Google-Status`: `error` when the function failed. */
  googleStatus: string | null;
}

/** The two CloudEvents HTTP content modes. Eventarc uses binary mode. */
export type ContentMode = 'binary' | 'structured';

// Headers Eventarc's push adds beside the event; the framework must ignore them.
const PUSH_HEADERS = { 'user-agent': 'APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)', 'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=1' };

/**
 * POSTs a CloudEvent (given in its structured JSON form) to a Functions Framework on
 * `port`, as Eventarc would. Binary mode puts each attribute in a `ce-` header,
 * percent-encoding what a header cannot carry (the CloudEvents HTTP binding, 3.1.3.2),
 * `datacontenttype` in `Content-Type` and the data in the body; structured mode sends the
 * whole event as `application/cloudevents+json`.
 * https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md
 */
export function deliverCloudEvent(port: number, event: Json, mode: ContentMode): Promise<EventDelivery> {
  if (mode === 'structured') return post(port, { 'content-type': 'application/cloudevents+json; charset=utf-8' }, JSON.stringify(event));
  const headers: Record<string, string> = { 'content-type': String(event.datacontenttype ?? 'application/json') };
  for (const [name, value] of Object.entries(event)) {
    if (name === 'data' || name === 'datacontenttype') continue;
    headers[`ce-${name}`] = String(value).replace(/[^\x21-\x7e]|[%"]/gu, (c) => encodeURIComponent(c));
  }
  return post(port, headers, JSON.stringify(event.data));
}

/** POSTs a legacy background event (`{context, data}`) as JSON, as 1st gen Cloud Functions did. */
export function deliverLegacyEvent(port: number, event: Json): Promise<EventDelivery> {
  return post(port, { 'content-type': 'application/json' }, JSON.stringify(event));
}

async function post(port: number, headers: Record<string, string>, body: string): Promise<EventDelivery> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { ...PUSH_HEADERS, ...headers }, body });
  await response.arrayBuffer();
  return { status: response.status, googleStatus: response.headers.get('x-google-status') };
}
