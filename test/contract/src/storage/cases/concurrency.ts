import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { patternSha256, patternWebStream, streamSha256 } from '../data.js';

const WRITERS = 6;
// Over the usual 5 MiB part size, so multipart/block uploads interleave between writers.
const VERSION_BYTES = 6 * 1024 * 1024 + 333;

/** Concurrent writers and readers of one key. */
export function concurrencyCases(ctx: SuiteContext): void {
  describe('concurrency', () => {
    ctx.needs('atomicOverwrite', `${WRITERS} concurrent writers to one key leave exactly one whole version, body and metadata from the same writer`, async () => {
      const key = `${ctx.prefix('writers')}k`;
      await Promise.all(Array.from({ length: WRITERS }, (_, writer) => ctx.bucket().put(key, patternWebStream(writer, VERSION_BYTES + writer), {
        metadata: { writer: String(writer) }, contentType: `application/x-writer-${writer}`,
      })));
      const { info, body } = await ctx.bucket().get(key);
      const writer = Number(info.metadata.writer);
      expect(info.contentType).toBe(`application/x-writer-${writer}`);
      expect(info.size).toBe(VERSION_BYTES + writer);
      expect(await streamSha256(body)).toEqual({ sha256: patternSha256(writer, VERSION_BYTES + writer), size: VERSION_BYTES + writer });
    }, 120_000);

    it('an object being uploaded is invisible until its upload completes', async () => {
      const prefix = ctx.prefix('in-flight');
      const key = `${prefix}upload`;
      const half = pausedHalfway(VERSION_BYTES);
      const upload = ctx.bucket().put(key, half.stream);
      await half.paused;
      expect(await ctx.bucket().exists(key)).toBe(false);
      expect((await ctx.bucket().listPage({ prefix })).entries).toEqual([]);
      half.resume();
      await upload;
      expect((await ctx.bucket().head(key)).size).toBe(VERSION_BYTES);
      expect((await ctx.bucket().listPage({ prefix })).entries.map((entry) => entry.key)).toEqual([key]);
    }, 120_000);

    ctx.needs('atomicOverwrite', 'a reader during overwrites sees one whole version each time, never a mix', async () => {
      const key = `${ctx.prefix('readers')}k`;
      const versions = new Map<string, number>();
      const size = (v: number) => 512 * 1024 + v * 1000;
      for (let v = 0; v < 5; v++) versions.set(patternSha256(100 + v, size(v)), v);
      await ctx.bucket().put(key, patternWebStream(100, size(0)), { metadata: { version: '0' } });
      let writing = true;
      const writers = (async () => {
        for (let v = 1; v < 5; v++) await ctx.bucket().put(key, patternWebStream(100 + v, size(v)), { metadata: { version: String(v) } });
        writing = false;
      })();
      let reads = 0;
      do {
        const { info, body } = await ctx.bucket().get(key);
        const { sha256, size: read } = await streamSha256(body);
        const version = versions.get(sha256);
        expect(version, `read ${read} bytes matching no version`).toBeDefined();
        expect(info.metadata.version).toBe(String(version));
        expect(info.size).toBe(read);
        reads++;
      } while (writing);
      await writers;
      expect(reads).toBeGreaterThan(0);
    }, 120_000);
  });
}

/** A pattern stream that stops after half its bytes until `resume()`; `paused` settles once it stopped. */
function pausedHalfway(total: number): { stream: ReadableStream<Uint8Array>; paused: Promise<void>; resume: () => void } {
  const source = patternWebStream(42, total).getReader();
  let sent = 0;
  let pausedOnce = false;
  let markPaused!: () => void;
  let resume!: () => void;
  const paused = new Promise<void>((resolve) => { markPaused = resolve; });
  const resumed = new Promise<void>((resolve) => { resume = resolve; });
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= total / 2 && !pausedOnce) {
        pausedOnce = true;
        markPaused();
        await resumed;
      }
      const { done, value } = await source.read();
      if (done) return controller.close();
      sent += value.byteLength;
      controller.enqueue(value);
    },
  }, { highWaterMark: 0 });
  return { stream, paused, resume };
}
