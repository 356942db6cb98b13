import { json, onHttp, type HttpFunctionOptions } from '@faasade/core';

/** What the echo function saw, as JSON. */
export interface Echo {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  /** The body bytes, base64. */
  body: string;
  invocationId: string;
  cloud: string;
  remainingMs: number;
}

/** A function answering with everything its handler saw of the request. */
export function echoFunction(name: string, options: Partial<HttpFunctionOptions> = {}) {
  return onHttp({ name, route: '/echo', ...options }, async (request, ctx) => {
    const headers: Array<[string, string]> = [];
    request.headers.forEach((value, key) => headers.push([key, value]));
    const body = Buffer.from(await request.arrayBuffer()).toString('base64');
    const echo: Echo = { method: request.method, url: request.url, headers, body, invocationId: ctx.invocationId, cloud: ctx.cloud, remainingMs: ctx.remainingMs() };
    return json(echo);
  });
}

/** Parses an echo answer. */
export function readEcho(body: Buffer): Echo {
  return JSON.parse(body.toString('utf8')) as Echo;
}

/** The value of one header the echo function saw, or undefined. */
export function echoed(echo: Echo, name: string): string | undefined {
  return echo.headers.find(([n]) => n === name)?.[1];
}
