import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpFunction } from '@faasade/core';
import type { AddressInfo } from 'node:net';
// Imported: the global `performance` is a getter, called on every read.
import { performance } from 'node:perf_hooks';
import { problemParts, type ResponseParts } from '@faasade/core/adapter';
import { CliError } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import { nextInvocationId } from './invocation-ids.js';
import { LocalExchange, writeParts } from './local-exchange.js';
import { hasNoBody, readBody } from './local-request.js';
import type { InvocationTracer } from './tracing.js';
import type { FunctionRegistry, HttpRoute } from './registry.js';
import type { CoreRuntime } from './load-module.js';
import { pathOf } from './router.js';

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
  // frame, extra promise or closure on this path is a measurable share of a small request.
  // (A function that makes a closure allocates its context on every call, even when it
  // returns first: the cold start and the body read are functions of their own.)
  const serve = (message: IncomingMessage, res: ServerResponse, afterStart = false): void => {
    const started = performance.now();
    const requestTarget = message.url ?? '/';
    const routed = registry.router.matchTarget(requestTarget);
    if (!routed) {
      message.resume();
      return writeParts(res, problemParts(404, `no function serves ${pathOf(requestTarget)}`));
    }
    const { target } = routed;
    const instance = target.instance;
    if (!instance) return startThenServe(routed, message, res, afterStart);
    const fn = target.fn as HttpFunction;
    const runtime = instance.runtime;
    const exchange = new LocalExchange(message, res, started, origin, fn, instance, reporter, tracer, nextInvocationId());
    const ctx = runtime.createContext(exchange);
    exchange.ctx = ctx;
    const method = exchange.method;
    // GET and HEAD carry no body for the handler (Fetch ignores one): nothing to read.
    if (method === 'GET' || method === 'HEAD' || hasNoBody(message)) {
      return runtime.answerHttp(fn, runtime.createLightRequest(exchange), ctx, exchange);
    }
    answerAfterBody(exchange, runtime);
  };

  /** The function's instance starts on its first request (a cold start); then the request is routed again. */
  const startThenServe = (routed: HttpRoute, message: IncomingMessage, res: ServerResponse, afterStart: boolean): void => {
    const { target } = routed;
    const error = target.module.error;
    if (error || afterStart) {
      message.resume();
      const reason = error?.message ?? 'it did not start';
      return writeParts(res, problemParts(503, `function ${routed.fn.options.name} is unavailable: ${reason}; fix it and save to reload`));
    }
    void target.module.ensureLoaded().then(() => serve(message, res, true));
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

/** Reads the request's body, then answers; a body that cannot be read is the answer's failure. */
function answerAfterBody(exchange: LocalExchange, runtime: CoreRuntime): void {
  const { message, fn, ctx } = exchange;
  readBody(message, fn).then(
    (body) => {
      exchange.body = body;
      runtime.answerHttp(fn, runtime.createLightRequest(exchange), ctx, exchange);
    },
    (error: unknown) => {
      message.resume();
      ctx.dispose();
      let parts: ResponseParts;
      try {
        parts = runtime.errorParts(error, ctx);
      } catch (failure) {
        return exchange.fail(failure);
      }
      exchange.answer(parts);
    },
  );
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
