import type { HttpFunction, ObjectFunction } from '@faasade/core';
import { boundBucketName } from '@faasade/core/adapter';
import { CliError } from '../errors.js';
import { readHttpEvent } from './http-event.js';
import { readObjectEvent } from './object-event.js';
import { jsonBody } from './result-body.js';
import type { InvokeOutcome, InvokeRequest } from './types.js';

/**
 * A neutral invocation, as `faasade dev` performs it: an HTTP request description gives
 * `{status, headers, cookies, body, isBase64Encoded}`; an object event gives
 * `{status: "processed" | "skipped" | "failed", ...}`.
 */
export async function invokeLocal(request: InvokeRequest): Promise<InvokeOutcome> {
  return request.fn.trigger === 'http' ? invokeLocalHttp(request, request.fn) : invokeLocalObject(request, request.fn);
}

async function invokeLocalHttp(request: InvokeRequest, fn: HttpFunction): Promise<InvokeOutcome> {
  const { runtime } = request.instance;
  const event = readHttpEvent(request.event, fn.options.route);
  const ctx = runtime.createContext({ fn, cloud: 'local', event: request.event, logSink: request.log });
  const headers = new Headers();
  for (const [name, value] of event.headers) headers.append(name, value);
  const parts = await runtime.invokeHttp(fn, runtime.createLightRequest({
    method: event.method,
    url: () => `http://localhost${event.path}`,
    headers: () => headers,
    body: event.body,
    signal: () => ctx.signal,
  }), ctx);
  const contentType = parts.headers.find(([name]) => name === 'content-type')?.[1];
  return { result: { status: parts.status, headers: parts.headers, cookies: parts.cookies, ...jsonBody(parts.body, contentType) }, failed: false };
}

async function invokeLocalObject(request: InvokeRequest, fn: ObjectFunction): Promise<InvokeOutcome> {
  if (request.event === undefined) {
    throw new CliError('EventFileInvalid', `"${fn.options.name}" is an object function: pass an event with --event <file>, such as {"type":"object.created","data":{"key":"uploads/cat.jpg"}}`);
  }
  const { runtime } = request.instance;
  const event = readObjectEvent(request.event, fn);
  const ctx = runtime.createContext({ fn, cloud: 'local', invocationId: event.id, event, logSink: request.log });
  try {
    const outcome = await runtime.invokeObjectEvent(fn, event, ctx, boundBucketName(fn.options.bucket));
    return { result: outcome, failed: false };
  } catch (error) {
    return { result: { status: 'failed', error: { name: (error as Error)?.name, message: (error as Error)?.message } }, failed: true };
  }
}
