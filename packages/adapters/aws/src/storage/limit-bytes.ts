import { Readable } from 'node:stream';

/**
 * The `take` bytes of `source` that follow its first `skip` bytes, as a new stream; the
 * source is destroyed once they are read (or when the new stream is destroyed), so a
 * server that sent more than was asked does not keep the connection busy.
 */
export function limitBytes(source: Readable, skip: number, take: number): Readable {
  async function* slice(): AsyncGenerator<Uint8Array> {
    let toSkip = skip;
    let toTake = take;
    try {
      if (toTake <= 0) return;
      for await (const chunk of source as AsyncIterable<Uint8Array>) {
        let bytes = chunk;
        if (toSkip > 0) {
          const dropped = Math.min(toSkip, bytes.byteLength);
          bytes = bytes.subarray(dropped);
          toSkip -= dropped;
        }
        if (bytes.byteLength === 0) continue;
        if (bytes.byteLength > toTake) bytes = bytes.subarray(0, toTake);
        toTake -= bytes.byteLength;
        yield bytes;
        if (toTake === 0) return;
      }
    } finally {
      source.destroy();
    }
  }
  return Readable.from(slice(), { objectMode: false });
}
