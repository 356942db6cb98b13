import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './errors.js';

const JSON_BODY_LIMIT = 1024 * 1024;

/** Sends `body` as JSON with the content type teeny-request recognises (it compares exactly). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads a small JSON request body (metadata, patch, compose); empty means `{}`. */
export async function readJsonBody(req: AsyncIterable<Buffer>): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > JSON_BODY_LIMIT) throw badRequest('Request body too large', 'requestTooLarge');
    chunks.push(chunk);
  }
  return parseJsonObject(Buffer.concat(chunks).toString('utf8'));
}

export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('Parse Error: the request body is not valid JSON', 'parseError');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('Expected a JSON object', 'parseError');
  return value as Record<string, unknown>;
}

/** The base URL the client reached us at (links and upload session URLs are built on it). */
export function requestOrigin(req: IncomingMessage): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}

/** Bytes gathered before one `writev`: fewer, larger writes cost far less CPU than one per socket chunk. */
const FLUSH_BYTES = 1024 * 1024;

/**
 * Writes chunks into a file at explicit positions, gathering them into 1 MiB writes.
 * `written` counts only bytes that have reached the file, and `onWritten` sees each chunk
 * after it did, so hashes never run ahead of what is stored, even when the client
 * disconnects mid-request.
 */
export class FileSink {
  written = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly start: number,
    private readonly onWritten: (chunk: Buffer) => void,
  ) {}

  /** Opens `path` ('w' truncates a new file, 'r+' continues an existing one at `start`). */
  static async open(path: string, flags: 'w' | 'r+', start: number, onWritten: (chunk: Buffer) => void): Promise<FileSink> {
    return new FileSink(await open(path, flags), start, onWritten);
  }

  async write(chunk: Buffer): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Writes everything `source` yields; rejects if the source fails (client went away). */
  async writeAll(source: AsyncIterable<Buffer>): Promise<void> {
    for await (const chunk of source) await this.write(chunk);
    await this.flush();
  }

  /** Writes the gathered chunks to the file. */
  async flush(): Promise<void> {
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (chunks.length === 0) return;
    const total = chunks.reduce((sum, c) => sum + c.length, 0);
    let done = (await this.handle.writev(chunks, this.start + this.written)).bytesWritten;
    if (done < total) {
      // A short writev is rare for files; finish the rest with plain writes.
      const rest = Buffer.concat(chunks).subarray(done);
      for (let offset = 0; offset < rest.length;) {
        const { bytesWritten } = await this.handle.write(rest, offset, rest.length - offset, this.start + this.written + done);
        offset += bytesWritten;
        done += bytesWritten;
      }
    }
    for (const chunk of chunks) {
      this.written += chunk.length;
      this.onWritten(chunk);
    }
  }

  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }

  /** Flushes what is gathered, then closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}
