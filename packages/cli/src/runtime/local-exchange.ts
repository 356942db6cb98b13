import { Buffer } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
// Imported: the globals `performance` and `Buffer` are getters, called on every read.
import { performance } from 'node:perf_hooks';
import type { HttpFunction } from '@faasade/core';
import type { BufferedBody, ContextInit, HttpReply, LogSink, ManagedContext, RequestParts, ResponseParts } from '@faasade/core/adapter';
import type { InvocationReport, LogLine, Reporter } from '../output/reporter.js';
import type { FunctionInstance } from './load-module.js';
import type { InvocationTracer } from './tracing.js';

const NO_LOGS: readonly LogLine[] = Object.freeze([]);

// The request URL and report subject made last, with what they were made from: most
// requests under load repeat them (see LocalExchange.url and subjectOf).
let lastTarget = '';
let lastOrigin = '';
let lastUrl = '';
let lastMethod = '';
let lastSubjectTarget = '';
let lastSubject = '';

/** `GET /hello?name=Ada`: the last one made is kept, as most requests under load repeat it. */
function subjectOf(method: string, target: string): string {
  if (method !== lastMethod || target !== lastSubjectTarget) {
    lastMethod = method;
    lastSubjectTarget = target;
    lastSubject = `${method} ${target}`;
  }
  return lastSubject;
}

/** `text` as one flat string (V8 keeps a joined string as its two parts until something flattens it). */
function flattened(text: string): string {
  // Reading a character flattens the string in place.
  void text.charCodeAt(0);
  return text;
}

/**
 * One HTTP request the dev server hands to a function: the init of its context, the
 * parts its light `Request` is read from (the URL and headers only if the handler asks),
 * where core sends the answer, and where the answer is written and reported from. One
 * object holds a request's state instead of a closure or an object per step: each
 * allocation is a measurable share of a small request.
 */
export class LocalExchange implements ContextInit, RequestParts, HttpReply {
  readonly method: string;
  /** The body as read; null until then, and for GET and HEAD. */
  body: BufferedBody = null;
  // Set right after construction (the context is made from the exchange); declared only, so
  // the field is not first defined as undefined.
  declare ctx: ManagedContext;
  /** Lines the function logged during the invocation, shown beneath its report. */
  #logs: LogLine[] | undefined;

  constructor(
    readonly message: IncomingMessage,
    readonly res: ServerResponse,
    /** `performance.now()` when the request arrived. */
    readonly started: number,
    /** The server's own origin, `http://127.0.0.1:3000`: the request URL's scheme and host. */
    readonly origin: string,
    readonly fn: HttpFunction,
    readonly instance: FunctionInstance,
    readonly reporter: Reporter,
    readonly tracer: InvocationTracer | undefined,
    readonly invocationId: string,
  ) {
    this.method = message.method ?? 'GET';
  }

  // The context's init: read once each when the context is made.
  get cloud(): 'local' {
    return 'local';
  }
  get event(): IncomingMessage {
    return this.message;
  }
  get platformContext(): ServerResponse {
    return this.res;
  }

  /** The context's log sink, made only if the function logs: its lines wait for the invocation's report. */
  get logSink(): LogSink {
    return (line, level) => void (this.#logs ??= []).push({ line, level });
  }

  url(): string {
    const target = this.message.url ?? '/';
    // The URL asked for last, kept whole: most requests under load repeat it, and a joined
    // string is copied flat again by every `new URL(request.url)` that reads it.
    if (target !== lastTarget || this.origin !== lastOrigin) {
      lastTarget = target;
      lastOrigin = this.origin;
      lastUrl = flattened(this.origin + target);
    }
    return lastUrl;
  }

  headers(): Headers {
    const headers = new Headers();
    const raw = this.message.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    return headers;
  }

  /** The invocation's own signal (its deadline), made only if the handler reads `request.signal`. */
  signal(): AbortSignal {
    return this.ctx.signal;
  }

  answer(parts: ResponseParts): void {
    const { ctx, message } = this;
    try {
      writeParts(this.res, parts);
    } catch (error) {
      // Only a failure to write the answer gets here; the connection is all that is left.
      return this.fail(error);
    }
    const { method, reporter } = this;
    const target = message.url ?? '/';
    const durationMs = performance.now() - this.started;
    if (reporter.httpInvocation !== undefined && !ctx.coldStart && this.#logs === undefined && this.tracer === undefined) {
      return reporter.httpInvocation(this.fn.options.name, ctx.invocationId, method, target, parts.status, durationMs);
    }
    const report: InvocationReport = {
      function: this.fn.options.name, invocationId: ctx.invocationId, trigger: 'http', subject: subjectOf(method, target), method, target,
      status: parts.status, durationMs, coldStart: ctx.coldStart, logs: this.#logs ?? NO_LOGS,
    };
    if (ctx.coldStart) report.initMs = this.instance.loadMs;
    if (this.tracer) report.trace = this.tracer.take(ctx.invocationId);
    reporter.invocation(report);
  }

  /** The answer could not be made or written (the error logger threw, a socket failed): the connection is all that is left. */
  fail(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.reporter.problem('ListenFailed', `could not answer ${this.message.method} ${this.message.url}: ${reason}`);
    this.res.destroy();
  }
}

/**
 * Writes an answer: its header pairs, one `set-cookie` per cookie and a `content-length`
 * when the function gave none, in one array sized for them (Node's `writeHead` takes
 * name/value pairs flat).
 */
export function writeParts(res: ServerResponse, parts: ResponseParts): void {
  const { headers, cookies, body } = parts;
  const length = body === null || hasContentLength(headers) ? undefined : String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  const flat = flatHeaders(2 * (headers.length + cookies.length + (length === undefined ? 0 : 1)));
  let at = 0;
  for (let i = 0; i < headers.length; i++) {
    flat[at++] = headers[i]![0];
    flat[at++] = headers[i]![1];
  }
  for (let i = 0; i < cookies.length; i++) {
    flat[at++] = 'set-cookie';
    flat[at++] = cookies[i]!;
  }
  if (length !== undefined) {
    flat[at++] = 'content-length';
    flat[at++] = length;
  }
  res.writeHead(parts.status, flat);
  res.end(body ?? undefined);
}

// One array per header count, filled anew for each answer: `writeHead` reads the pairs into
// the header block before it returns and keeps no reference to the array (a fresh one
// was ~80 bytes a request).
const flatBySize: string[][] = [];

function flatHeaders(size: number): string[] {
  return (flatBySize[size] ??= new Array<string>(size).fill(''));
}

function hasContentLength(headers: ResponseParts['headers']): boolean {
  for (let i = 0; i < headers.length; i++) if (headers[i]![0] === 'content-length') return true;
  return false;
}
