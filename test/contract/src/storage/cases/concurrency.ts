import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { patternSha256, patternWebStream, streamSha256 } from '../data.js';

const WRITERS = 6;
// Over the usual 5 MiB part size, so multipart/block uploads interleave between writers.
const VERSION_BYTES = 6 * 1024 * 1024 + 333;

/** Concurrent writers and readers of one key. */
export function concurrencyCases(ctx: SuiteContext): void {
  describe('concurrency', () => {
    it(`${WRITERS} concurrent writers to one key leave exactly one whole version, body and metadata from the same writer`, async () => {
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

    it('a reader during overwrites sees one whole version each time, never a mix', async () => {
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
