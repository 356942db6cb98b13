import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How an invocation ended, as the runtime client reported it, with what the server sent it. */
export type InvocationOutcome = { requestId: string; deadlineMs: number } & (
  | { kind: 'response'; payload: unknown }
  | { kind: 'error'; errorType: string | undefined; payload: unknown }
);

interface Pending {
  id: string;
  event: string;
  timeoutMs: number;
  deadlineMs?: number;
  resolve(outcome: InvocationOutcome): void;
  reject(error: Error): void;
}

const PREFIX = '/2018-06-01/runtime';

/**
 * A small implementation of the Lambda Runtime API (the interface a runtime client such
 * as aws-lambda-ric polls): `GET /invocation/next` long-polls for an event and answers
 * with the `Lambda-Runtime-*` headers, `POST /invocation/{id}/response` and `/error`
 * complete it, `POST /init/error` reports a function that failed to load.
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */
export class RuntimeApiServer {
  readonly #server: Server;
  readonly #queue: Pending[] = [];
  readonly #inFlight = new Map<string, Pending>();
  readonly #waiting: ServerResponse[] = [];
  readonly #functionArn: string;
  #failure: Error | undefined;

  private constructor(server: Server, functionArn: string) {
    this.#server = server;
    this.#functionArn = functionArn;
  }

  /** Starts a server on a free loopback port. */
  static async start(functionName: string): Promise<RuntimeApiServer> {
    let instance: RuntimeApiServer | undefined;
    const server = createServer((req, res) => instance!.#route(req, res));
    instance = new RuntimeApiServer(server, `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  /** `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`. */
  get address(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** Queues an event and resolves with what the runtime client answered. */
  invoke(event: unknown, timeoutMs: number): Promise<InvocationOutcome> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const pending: Pending = { id: randomUUID(), event: JSON.stringify(event), timeoutMs, resolve, reject };
      const timer = setTimeout(() => this.#settle(pending.id, () => reject(new Error(`invocation ${pending.id} got no answer within ${timeoutMs} ms`))), timeoutMs + 2000);
      pending.resolve = (outcome) => (clearTimeout(timer), resolve(outcome));
      pending.reject = (error) => (clearTimeout(timer), reject(error));
      const next = this.#waiting.shift();
      if (next) this.#deliver(pending, next);
      else this.#queue.push(pending);
    });
  }

  /** Fails every queued and future invocation (the runtime process died, or init failed). */
  fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of [...this.#queue.splice(0), ...this.#inFlight.values()]) pending.reject(error);
    this.#inFlight.clear();
  }

  async close(): Promise<void> {
    this.fail(new Error('runtime API server closed'));
    for (const res of this.#waiting.splice(0)) res.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #deliver(pending: Pending, res: ServerResponse): void {
    this.#inFlight.set(pending.id, pending);
    pending.deadlineMs = Date.now() + pending.timeoutMs;
    res.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': pending.id,
      'lambda-runtime-deadline-ms': String(pending.deadlineMs),
      'lambda-runtime-invoked-function-arn': this.#functionArn,
      'lambda-runtime-trace-id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Sampled=0`,
    });
    res.end(pending.event);
  }

  #settle(id: string, settle: (pending: Pending) => void): boolean {
    const pending = this.#inFlight.get(id) ?? this.#queue.find((p) => p.id === id);
    if (!pending) return false;
    this.#inFlight.delete(id);
    const queued = this.#queue.indexOf(pending);
    if (queued >= 0) this.#queue.splice(queued, 1);
    settle(pending);
    return true;
  }

  #route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) {
      const pending = this.#queue.shift();
      if (pending) this.#deliver(pending, res);
      else this.#waiting.push(res);
      return;
    }
    const done = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    if (req.method === 'POST' && (done || url === `${PREFIX}/init/error`)) {
      void readJson(req).then((payload) => {
        const errorType = req.headers['lambda-runtime-function-error-type'] as string | undefined;
        if (!done) {
          this.fail(new Error(`the function failed to initialise: ${JSON.stringify(payload)}`));
          return reply(res, 202, { status: 'OK' });
        }
        const id = decodeURIComponent(done[1]!);
        const known = this.#settle(id, (pending) => {
          const sent = { requestId: pending.id, deadlineMs: pending.deadlineMs ?? 0 };
          pending.resolve(done[2] === 'response' ? { ...sent, kind: 'response', payload } : { ...sent, kind: 'error', errorType, payload });
        });
        return known ? reply(res, 202, { status: 'OK' }) : reply(res, 400, { errorType: 'InvalidRequestID', errorMessage: `unknown invocation ${id}` });
      });
      return;
    }
    reply(res, 404, { errorType: 'NotFound', errorMessage: `${req.method} ${url}` });
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
