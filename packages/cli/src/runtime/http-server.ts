import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpFunction } from '@faasade/core';
import type { AddressInfo } from 'node:net';
import { problemParts, type LogSink, type ResponseParts } from '@faasade/core/adapter';
import { CliError } from '../errors.js';
import type { InvocationReport, LogLine, Reporter } from '../output/reporter.js';
import { nextInvocationId } from './invocation-ids.js';
import { hasNoBody, readBody, toLocalRequest } from './local-request.js';
import type { InvocationTracer } from './tracing.js';
import type { FunctionRegistry } from './registry.js';

const NO_LOGS: readonly LogLine[] = Object.freeze([]);

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  registry: FunctionRegistry;
  reporter: Reporter;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind (default 127.0.0.1: the local runtime is not meant for a network). */
  host?: string;
  /** With `--trace`: where each invocation's spans come from. */
  tracer?: InvocationTracer;
}

/** A listening local server. */
export interface LocalHttpServer {
  /** Base URL such as `http://127.0.0.1:3000`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the registry's HTTP functions at their declared routes through the same core
 * path the cloud adapters use (lazy Request, `invokeHttp`, problem+json errors), each
 * with its own instance's copy of core. The path from socket to handler does only what
 * it must: a map lookup for literal routes, no body read when none is announced, and
 * output batched per event-loop turn.
 * @throws CliError `PortInUse` or `ListenFailed`.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<LocalHttpServer> {
  const { registry, reporter, tracer } = options;
  const host = options.host ?? '127.0.0.1';
  let origin = '';

  // Synchronous up to the handler's promise, with one continuation after it: every async
  // frame or extra promise on this path is a measurable share of a small request.
  const serve = (message: IncomingMessage, res: ServerResponse, afterStart = false): void => {
    const started = performance.now();
    const rawUrl = message.url ?? '/';
    const query = rawUrl.indexOf('?');
    const pathname = query === -1 ? rawUrl : rawUrl.slice(0, query);
    const routed = registry.router.match(pathname);
    if (!routed) {
      message.resume();
      return writeParts(res, problemParts(404, `no function serves ${pathname}`));
    }
    const { target } = routed;
    const instance = target.instance;
    if (!instance) {
      const error = target.module.error;
      if (error || afterStart) {
        message.resume();
        const reason = error?.message ?? 'it did not start';
        return writeParts(res, problemParts(503, `function ${routed.fn.options.name} is unavailable: ${reason}; fix it and save to reload`));
      }
      // The instance starts on its first request (a cold start); then route again.
      return void target.module.ensureLoaded().then(() => serve(message, res, true));
    }
    const fn = target.fn as HttpFunction;
    const runtime = instance.runtime;
    let logs: LogLine[] | undefined;
    const logSink: LogSink = (line, level) => void (logs ??= []).push({ line, level });
    const ctx = runtime.createContext({ fn, cloud: 'local', invocationId: nextInvocationId(), event: message, platformContext: res, logSink });
    const method = message.method ?? 'GET';
    const respond = (parts: ResponseParts): void => {
      try {
        writeParts(res, parts);
      } catch (error) {
        // Only a failure to write the answer gets here; the connection is all that is left.
        reporter.problem('ListenFailed', `could not answer ${method} ${rawUrl}: ${(error as Error).message}`);
        res.destroy();
        return;
      }
      const report: InvocationReport = {
        function: fn.options.name, invocationId: ctx.invocationId, trigger: 'http', subject: `${method} ${rawUrl}`,
        status: parts.status, durationMs: performance.now() - started, coldStart: ctx.coldStart, logs: logs ?? NO_LOGS,
      };
      if (ctx.coldStart) report.initMs = instance.loadMs;
      if (tracer) report.trace = tracer.take(ctx.invocationId);
      reporter.invocation(report);
    };
    // Answering a failure failed (the error logger threw): the connection is all that is left.
    const fail = (error: unknown): void => {
      reporter.problem('ListenFailed', `could not answer ${method} ${rawUrl}: ${(error as Error)?.message ?? String(error)}`);
      res.destroy();
    };
    // GET and HEAD carry no body for the handler (Fetch ignores one): nothing to read.
    if (method === 'GET' || method === 'HEAD' || hasNoBody(message)) {
      return runtime.answerHttp(fn, toLocalRequest(runtime, message, null, origin, ctx), ctx, respond, fail);
    }
    readBody(message, fn).then(
      (body) => runtime.answerHttp(fn, toLocalRequest(runtime, message, body, origin, ctx), ctx, respond, fail),
      (error: unknown) => {
        message.resume();
        ctx.dispose();
        let parts: ResponseParts;
        try {
          parts = runtime.errorParts(error, ctx);
        } catch (failure) {
          return fail(failure);
        }
        respond(parts);
      },
    );
  };

  const server: Server = createServer((message, res) => serve(message, res));
  await listen(server, options.port, host);
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: origin,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new CliError('PortInUse', `port ${port} on ${host} is in use; stop what is using it or pass --port <another port> (--port 0 picks a free one)`, { cause: error }));
      } else {
        reject(new CliError('ListenFailed', `cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
      }
    });
    server.listen(port, host, () => resolve());
  });
}

/**
 * Writes an answer. The header pairs go to `writeHead` as they are (Node takes
 * `[name, value]` pairs; the parts are this answer's own), with a `content-length` when
 * the function gave none and one `set-cookie` pair per cookie.
 */
function writeParts(res: ServerResponse, parts: ResponseParts): void {
  const { headers, body } = parts;
  if (body !== null && !headers.some(isContentLength)) headers.push(['content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength)]);
  for (const cookie of parts.cookies) headers.push(['set-cookie', cookie]);
  res.writeHead(parts.status, headers);
  res.end(body ?? undefined);
}

function isContentLength([name]: readonly [string, string]): boolean {
  return name === 'content-length';
}
