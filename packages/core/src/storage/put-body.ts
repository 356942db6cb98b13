import { Readable } from 'node:stream';
import type { DriverPutBody } from './driver.js';

/** What `put` accepts: bytes, text (stored as UTF-8), a Web stream or a Node stream of bytes. */
export type PutBody = Uint8Array | ArrayBuffer | string | ReadableStream<Uint8Array> | Readable;

/** True for a Node `Readable` (also one from another copy of `stream`, such as readable-stream). */
export function isNodeReadable(value: unknown): value is Readable {
  return value instanceof Readable
    || (typeof value === 'object' && value !== null
      && typeof (value as Readable).pipe === 'function' && typeof (value as Readable).read === 'function' && typeof (value as Readable).on === 'function');
}

/** True for a Web `ReadableStream`. */
export function isWebReadable(value: unknown): value is ReadableStream<Uint8Array> {
  return value instanceof ReadableStream || (typeof value === 'object' && value !== null && typeof (value as ReadableStream).getReader === 'function');
}

/**
 * The caller's body, handed to a driver in the form it wants, watching the caller's
 * stream so a failure there is reported as the caller's (`Canceled`) whatever the driver
 * makes of it, and so a failed write releases the stream.
 */
export class PutBodySource implements DriverPutBody {
  readonly bytes: Uint8Array | undefined;
  readonly size: number | undefined;
  /** Set when the caller's stream failed. */
  streamError: unknown = undefined;
  #web: ReadableStream<Uint8Array> | undefined;
  #webReader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #node: Readable | undefined;
  #taken = false;

  /** Returns undefined when `body` is none of the accepted kinds. */
  static from(body: unknown): PutBodySource | undefined {
    if (typeof body === 'string') return new PutBodySource(Buffer.from(body, 'utf8'));
    if (body instanceof Uint8Array) return new PutBodySource(body);
    if (body instanceof ArrayBuffer) return new PutBodySource(new Uint8Array(body));
    if (isNodeReadable(body)) return new PutBodySource(undefined, undefined, body);
    if (isWebReadable(body)) return new PutBodySource(undefined, body);
    return undefined;
  }

  private constructor(bytes?: Uint8Array, web?: ReadableStream<Uint8Array>, node?: Readable) {
    this.bytes = bytes;
    this.size = bytes?.byteLength;
    this.#web = web;
    this.#node = node;
    // An 'error' listener also keeps a failing Node stream from crashing the process.
    node?.on('error', (error) => { this.streamError ??= error; });
  }

  toWeb(): ReadableStream<Uint8Array> {
    this.#take();
    if (this.bytes) {
      const bytes = this.bytes;
      return new ReadableStream({ start(controller) { controller.enqueue(bytes); controller.close(); } });
    }
    if (this.#node) return Readable.toWeb(this.#node) as ReadableStream<Uint8Array>;
    return this.#watchWeb(this.#web!);
  }

  toNode(): Readable {
    this.#take();
    if (this.bytes) return Readable.from([this.bytes], { objectMode: false });
    if (this.#node) return this.#node;
    const node = Readable.fromWeb(this.#watchWeb(this.#web!) as import('node:stream/web').ReadableStream<Uint8Array>);
    node.on('error', () => { /* recorded by #watchWeb; the driver sees it through the stream */ });
    return node;
  }

  /** Releases the caller's stream after a failed write, so its producer stops. */
  release(reason: unknown): void {
    if (this.#node && !this.#node.destroyed) this.#node.destroy();
    if (this.#webReader) void this.#webReader.cancel(reason).catch(() => {});
    else if (this.#web) void this.#web.cancel(reason).catch(() => {});
  }

  #take(): void {
    // Bytes can be handed out again (a retried put sends them anew); a stream only once.
    if (this.#taken && this.bytes === undefined) throw new Error('a put body stream can be read once: call toWeb() or toNode(), not both');
    this.#taken = true;
  }

  #watchWeb(source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = source.getReader();
    this.#webReader = reader;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        let result: Awaited<ReturnType<typeof reader.read>>;
        try {
          result = await reader.read();
        } catch (error) {
          this.streamError ??= error;
          controller.error(error);
          return;
        }
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
      cancel: (reason) => reader.cancel(reason),
    }, { highWaterMark: 0 });
  }
}
