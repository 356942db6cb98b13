import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * A deterministic pseudo-random byte source of `size` bytes, produced in 1 MiB chunks so a
 * large object never sits in memory whole. `sha256` is the digest of exactly those bytes.
 */
export function patternStream(size: number, seed = 1): { stream(): Readable; chunks(): Generator<Buffer>; sha256: string } {
  const chunkSize = 1024 * 1024;
  const chunk = (index: number): Buffer => {
    const length = Math.min(chunkSize, size - index * chunkSize);
    const buf = Buffer.allocUnsafe(length);
    // xorshift32: cheap, deterministic, and not a repeating pattern a server could dedupe.
    let x = (seed * 2654435761 + index * 40503 + 1) >>> 0 || 1;
    for (let i = 0; i + 4 <= length; i += 4) {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      buf.writeUInt32LE(x, i);
    }
    for (let i = length - (length % 4); i < length; i++) buf[i] = i & 0xff;
    return buf;
  };
  const chunks = Math.ceil(size / chunkSize);
  const hash = createHash('sha256');
  for (let i = 0; i < chunks; i++) hash.update(chunk(i));
  function* all(): Generator<Buffer> {
    for (let i = 0; i < chunks; i++) yield chunk(i);
  }
  return { sha256: hash.digest('hex'), chunks: all, stream: () => Readable.from(all(), { objectMode: false }) };
}

/** The same pattern as {@link patternStream}, as one buffer (for small objects). */
export function patternBytes(size: number, seed = 1): Buffer {
  return Buffer.concat([...patternStream(size, seed).chunks()]);
}

/** Reads a Node or Web stream to the end and returns the sha256 (hex) and byte count. */
export async function digestStream(body: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}
