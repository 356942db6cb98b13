import type { Readable } from 'node:stream';

/**
 * Wraps a driver's body (Web or Node stream) into the Web stream callers get, turning
 * any error raised while reading into the portable error `mapError` builds.
 */
export function portableBody(source: ReadableStream<Uint8Array> | Readable, mapError: (error: unknown) => Error): ReadableStream<Uint8Array> {
  const next = nextChunkOf(source);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await next.read();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      } catch (error) {
        controller.error(mapError(error));
      }
    },
    cancel: (reason) => next.cancel(reason),
  }, { highWaterMark: 0 });
}

/** One chunk at a time from either stream kind; `undefined` at the end. */
export interface ChunkSource {
  read(): Promise<Uint8Array | undefined>;
  cancel(reason: unknown): Promise<void>;
}

/** Reads `source` a chunk at a time, whichever stream kind it is. */
export function nextChunkOf(source: ReadableStream<Uint8Array> | Readable): ChunkSource {
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    return {
      read: async () => {
        const result = await reader.read();
        return result.done ? undefined : result.value;
      },
      cancel: (reason) => reader.cancel(reason),
    };
  }
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>;
  return {
    read: async () => {
      const result = await iterator.next();
      if (result.done) return undefined;
      return typeof result.value === 'string' ? Buffer.from(result.value) : result.value;
    },
    cancel: async () => { source.destroy(); },
  };
}
