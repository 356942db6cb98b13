import { request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { HttpFunction } from '@faasade/core';
import { registerGcpFunctions } from '../src/index.js';

/** What came back over the wire. */
export interface WireResponse {
  status: number;
  /** Every header line, names lower case, in order. */
  headers: Array<[string, string]>;
  body: Buffer;
  header(name: string): string | undefined;
}

/** A function registered through `registerGcpFunctions` and served by the framework's own test server. */
export interface Served {
  readonly port: number;
  /** Sends a request with node:http; `headers` may repeat names. Host defaults to `fn.example`. */
  send(method: string, path: string, headers?: Array<[string, string]>, body?: Uint8Array | string): Promise<WireResponse>;
  /** Writes `bytes` as the whole request on a fresh socket (for what node:http refuses to send). */
  raw(bytes: string | Buffer): Promise<WireResponse>;
  close(): Promise<void>;
}

export async function serve(fn: HttpFunction): Promise<Served> {
  registerGcpFunctions(fn);
  const server: Server = getTestServer(fn.options.name);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    send: (method, path, headers = [], body) => send(port, method, path, headers, body),
    raw: (bytes) => raw(port, bytes),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(port: number, method: string, path: string, headers: Array<[string, string]>, body?: Uint8Array | string): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, setHost: false, agent: false });
    const all: Array<[string, string]> = headers.some(([name]) => name === 'host') ? headers : [['host', 'fn.example'], ...headers];
    const grouped = new Map<string, string[]>();
    for (const [name, value] of all) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    for (const [name, values] of grouped) req.setHeader(name, values.length === 1 ? values[0]! : values);
    // Node frames a GET body only when told its length.
    if (body !== undefined && !grouped.has('content-length')) req.setHeader('content-length', Buffer.byteLength(body));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        resolve(wire(res.statusCode ?? 0, pairs, Buffer.concat(chunks)));
      });
    });
    req.end(body);
  });
}

function raw(port: number, bytes: string | Buffer): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no HTTP response: ${JSON.stringify(all.toString('latin1'))}`));
      const [statusLine, ...lines] = all.subarray(0, split).toString('latin1').split('\r\n');
      const headers = lines.map((line): [string, string] => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      });
      resolve(wire(Number(statusLine!.split(' ')[1]), headers, all.subarray(split + 4)));
    });
  });
}

function wire(status: number, headers: Array<[string, string]>, body: Buffer): WireResponse {
  return { status, headers, body, header: (name) => headers.find(([n]) => n === name)?.[1] };
}

/** An HTTP request as text, `Connection: close` added so the raw client knows where it ends. */
export function rawRequest(head: string, body: string | Buffer = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  return Buffer.concat([Buffer.from(`${head}\r\nConnection: close\r\n\r\n`, 'latin1'), bytes]);
}
