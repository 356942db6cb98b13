import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** Size of the generator's blocks; a block is a pure function of (seed, index). */
export const BLOCK_BYTES = 64 * 1024;

/**
 * Deterministic pseudo-random bytes (xorshift32 per block), so a large object can be
 * generated, hashed and re-generated in parts without ever being held whole.
 */
export function patternBlock(seed: number, index: number): Uint8Array {
  const words = new Uint32Array(BLOCK_BYTES / 4);
  let state = (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  return new Uint8Array(words.buffer);
}

/** The bytes `[offset, offset + length)` of the pattern. */
export function patternBytes(seed: number, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0; at < length;) {
    const position = offset + at;
    const block = patternBlock(seed, Math.floor(position / BLOCK_BYTES));
    const from = position % BLOCK_BYTES;
    const take = Math.min(BLOCK_BYTES - from, length - at);
    out.set(block.subarray(from, from + take), at);
    at += take;
  }
  return out;
}

/** `total` bytes of the pattern as a Web stream, generated as it is read. */
export function patternWebStream(seed: number, total: number): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const start = index * BLOCK_BYTES;
      if (start >= total) return controller.close();
      const block = patternBlock(seed, index++);
      controller.enqueue(start + BLOCK_BYTES > total ? block.subarray(0, total - start) : block);
    },
  }, { highWaterMark: 0 });
}

/** `total` bytes of the pattern as a Node stream. */
export function patternNodeStream(seed: number, total: number): Readable {
  return Readable.from(patternBlocks(seed, total), { objectMode: false });
}

function* patternBlocks(seed: number, total: number): Generator<Buffer> {
  for (let start = 0, index = 0; start < total; start += BLOCK_BYTES, index++) {
    const block = Buffer.from(patternBlock(seed, index).buffer);
    yield start + BLOCK_BYTES > total ? block.subarray(0, total - start) : block;
  }
}

/** SHA-256 of the pattern's first `total` bytes. */
export function patternSha256(seed: number, total: number): string {
  const hash = createHash('sha256');
  for (let start = 0, index = 0; start < total; start += BLOCK_BYTES, index++) {
    const block = patternBlock(seed, index);
    hash.update(start + BLOCK_BYTES > total ? block.subarray(0, total - start) : block);
  }
  return hash.digest('hex');
}

/** SHA-256 and length of a stream, read chunk by chunk. */
export async function streamSha256(stream: ReadableStream<Uint8Array>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}

/** A Web stream that yields `goodBytes` of the pattern, then fails. */
export function failingWebStream(seed: number, goodBytes: number): ReadableStream<Uint8Array> {
  const good = patternWebStream(seed, goodBytes).getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await good.read();
      if (done) controller.error(new Error('the source failed halfway (on purpose)'));
      else controller.enqueue(value);
    },
  }, { highWaterMark: 0 });
}

/** A Node stream that yields `goodBytes` of the pattern, then fails. */
export function failingNodeStream(seed: number, goodBytes: number): Readable {
  async function* blocksThenFailure(): AsyncGenerator<Buffer> {
    yield* patternBlocks(seed, goodBytes);
    throw new Error('the source failed halfway (on purpose)');
  }
  return Readable.from(blocksThenFailure(), { objectMode: false });
}

/** SHA-256 of bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
