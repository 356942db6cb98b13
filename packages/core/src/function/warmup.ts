import type { ResponseParts } from '../http/response-parts.js';
import { empty } from '../http/light-response.js';
import type { HttpFunction } from './types.js';

/**
 * The payload of a warm-up ping: `{"faasade":"warmup"}`. Send it as a Lambda invocation's
 * event (an EventBridge Scheduler or rule target with this constant input, or
 * `aws lambda invoke --payload`), or as the `detail` of an EventBridge event.
 */
export const WARMUP_PAYLOAD: Readonly<{ faasade: 'warmup' }> = Object.freeze({ faasade: 'warmup' });

/**
 * The request header that makes an HTTP request a warm-up ping, whatever its value
 * (`x-faasade-warmup: 1`): a scheduler that can only call URLs (Cloud Scheduler, a Logic
 * App, a cron job) warms HTTP functions with it. Pings are answered `204` with this header.
 */
export const WARMUP_HEADER = 'x-faasade-warmup';

/** The EventBridge `detail-type` of a warm-up event put on a bus (`source` is free). */
export const WARMUP_DETAIL_TYPE = 'faasade.warmup';

/**
 * True when a platform event is a warm-up ping rather than work: the {@link WARMUP_PAYLOAD}
 * itself, an EventBridge event carrying it as `detail` (or with the detail type
 * {@link WARMUP_DETAIL_TYPE}), or an HTTP request event (API Gateway, Function URL, ALB,
 * a Node or Fetch request) with the {@link WARMUP_HEADER} header — in any spelling where
 * the event keeps the client's (REST APIs and ALB, whose events carry `httpMethod`), else
 * lower-cased as Node, Fetch and the other events have header names. Adapters call it first
 * and answer a ping without running the function's handler, so that a scheduled ping
 * loads the code and opens nothing else. Never throws.
 *
 * @example
 * if (isWarmupPing(event)) return { statusCode: 204 };
 */
export function isWarmupPing(event: unknown): boolean {
  if (!isRecord(event)) return false;
  try {
    // A Node request (the dev server's, the Functions Framework's): its raw header list,
    // not `headers`, an object Node builds on first read.
    if (Array.isArray(event.rawHeaders)) return hasRawWarmupHeader(event.rawHeaders);
    if (event.faasade === 'warmup') return true;
    if (typeof event['detail-type'] === 'string') {
      return event['detail-type'] === WARMUP_DETAIL_TYPE || (isRecord(event.detail) && event.detail.faasade === 'warmup');
    }
    // Events with `httpMethod` (API Gateway's REST APIs, ALB) may keep the client's spelling
    // of header names; every other request (Node's, the Functions Framework's, Function
    // URLs, HTTP APIs) has them lower-cased, so a lookup answers without scanning them all.
    if (typeof event.httpMethod !== 'string') return hasWarmupHeader(event.headers, false);
    return hasWarmupHeader(event.headers, true) || hasWarmupHeader(event.multiValueHeaders, true);
  } catch {
    return false; // a throwing getter or a revoked proxy: not a ping
  }
}

/** What an HTTP adapter answers to a ping: `204` with the {@link WARMUP_HEADER} header. */
export function warmupParts(): ResponseParts {
  return { status: 204, headers: [[WARMUP_HEADER, 'ok']], cookies: [], body: null };
}

/**
 * The same HTTP function, answering requests that carry the {@link WARMUP_HEADER} with
 * `204` before its handler runs (after the method check, so ping with a declared method).
 * `invokeHttp` already answers pings whose platform event carries the header, so
 * faasade's adapters need no wrapper; this is for adapters whose context's
 * `platform.event` is not the HTTP request. The first ping is the instance's cold start.
 */
export function answerWarmupRequests(fn: HttpFunction): HttpFunction {
  const handler = fn.handler;
  return Object.freeze({
    ...fn,
    handler: (request: Request, ctx: Parameters<HttpFunction['handler']>[1]) =>
      request.headers.has(WARMUP_HEADER) ? empty({ status: 204, headers: { [WARMUP_HEADER]: 'ok' } }) : handler(request, ctx),
  });
}

/** Node's `rawHeaders`: names and values alternating, names as the client spelled them. */
function hasRawWarmupHeader(raw: readonly unknown[]): boolean {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (typeof name === 'string' && name.length === WARMUP_HEADER.length && name.toLowerCase() === WARMUP_HEADER) return true;
  }
  return false;
}

function hasWarmupHeader(headers: unknown, anySpelling: boolean): boolean {
  if (!isRecord(headers)) return false;
  if (typeof headers.has === 'function') return Boolean((headers as { has(name: string): unknown }).has(WARMUP_HEADER));
  if (headers[WARMUP_HEADER] !== undefined) return true;
  if (!anySpelling) return false;
  // This runs on every REST API invocation: compare lengths before spelling.
  for (const name in headers) if (name.length === WARMUP_HEADER.length && name.toLowerCase() === WARMUP_HEADER) return true;
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
