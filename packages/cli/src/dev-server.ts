import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpFunction } from '@faasade/core';
import { compileRoute, createContext, errorParts, invokeHttp, problemParts, type ResponseParts, type LogSink } from '@faasade/core/adapter';
import { readBody, toLocalRequest } from './local-request.js';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The HTTP functions to serve at their declared routes. */
  functions: readonly HttpFunction[];
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1: the local runtime is not meant for a network). */
  host?: string;
  /** Where function log lines go (default stdout). */
  logSink?: LogSink;
  /** Called after each invocation, for one-line-per-invocation output. */
  onInvocation?: (record: InvocationRecord) => void;
}

/** One served request, as the dev server reports it. */
export interface InvocationRecord {
  functionName: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  coldStart: boolean;
}

/** A running local server. */
export interface DevServer {
  /** Base URL such as `http://127.0.0.1:3000`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves HTTP functions on localhost through the same core path the cloud adapters use
 * (lazy Request, `invokeHttp`, problem+json errors), so local answers match deployed ones.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const routes = options.functions.map((fn) => ({ fn, matcher: compileRoute(fn.options.route) }));
  const host = options.host ?? '127.0.0.1';
  let origin = '';

  const handle = async (message: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const rawUrl = message.url ?? '/';
    const query = rawUrl.indexOf('?');
    const pathname = query === -1 ? rawUrl : rawUrl.slice(0, query);
    const route = routes.find((r) => r.matcher.match(pathname) !== undefined);
    if (!route) {
      message.resume();
      writeParts(res, problemParts(404, `no function serves ${pathname}`));
      return;
    }
    const ctx = createContext({ fn: route.fn, cloud: 'local', event: message, platformContext: res, logSink: options.logSink });
    let parts: ResponseParts;
    try {
      const body = await readBody(message, route.fn);
      parts = await invokeHttp(route.fn, toLocalRequest(message, body, origin), ctx);
    } catch (error) {
      message.resume();
      parts = errorParts(error, ctx);
      ctx.dispose();
    }
    writeParts(res, parts);
    options.onInvocation?.({
      functionName: route.fn.options.name,
      method: message.method ?? 'GET',
      path: pathname,
      status: parts.status,
      durationMs: performance.now() - started,
      coldStart: ctx.coldStart,
    });
  };

  const server: Server = createServer((message, res) => {
    handle(message, res).catch((error: unknown) => {
      // Only a failure to write the answer gets here; the connection is all that is left.
      console.error('faasade dev: could not answer a request:', error);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: origin,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function writeParts(res: ServerResponse, parts: ResponseParts): void {
  const headers: string[] = [];
  for (const [name, value] of parts.headers) headers.push(name, value);
  for (const cookie of parts.cookies) headers.push('set-cookie', cookie);
  const body = parts.body;
  if (body !== null && !parts.headers.some(([name]) => name === 'content-length')) {
    headers.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
  }
  res.writeHead(parts.status, headers);
  res.end(body ?? undefined);
}
