import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { patternBytes, patternNodeStream, patternSha256, patternWebStream, streamSha256 } from '../data.js';

/** 50 MiB plus an odd tail, so no part or block boundary lines up with the end. */
export const DEFAULT_LARGE_BYTES = 50 * 1024 * 1024 + 12_345;
const LARGE_TIMEOUT_MS = 300_000;

/** Streamed objects far larger than any single request or buffer. */
export function largeCases(ctx: SuiteContext): void {
  const size = ctx.harness.largeObjectBytes ?? DEFAULT_LARGE_BYTES;
  const megabytes = (size / 1024 / 1024).toFixed(1);
  describe('large objects', () => {
    it(`streams a ${megabytes} MiB object up from a Web stream and down again, byte for byte`, async () => {
      const key = `${ctx.prefix('large-web')}blob`;
      const seed = 7;
      await ctx.bucket().put(key, patternWebStream(seed, size), { contentType: 'application/x-pattern', metadata: { seed: '7' } });
      const head = await ctx.bucket().head(key);
      expect(head).toMatchObject({ size, contentType: 'application/x-pattern', metadata: { seed: '7' } });
      const { info, body } = await ctx.bucket().get(key);
      expect(info.size).toBe(size);
      expect(await streamSha256(body)).toEqual({ sha256: patternSha256(seed, size), size });
      // A range straddling block boundaries deep inside the object.
      const offset = Math.floor(size / 2) - 70_001;
      const slice = await ctx.bucket().getBytes(key, { range: { offset, length: 200_003 } });
      expect(Buffer.from(slice).equals(Buffer.from(patternBytes(seed, offset, 200_003)))).toBe(true);
      await ctx.bucket().delete(key);
    }, LARGE_TIMEOUT_MS);

    it(`streams a ${megabytes} MiB object up from a Node stream`, async () => {
      const key = `${ctx.prefix('large-node')}blob`;
      const seed = 11;
      await ctx.bucket().put(key, patternNodeStream(seed, size));
      expect((await ctx.bucket().head(key)).size).toBe(size);
      expect(await streamSha256((await ctx.bucket().get(key)).body)).toEqual({ sha256: patternSha256(seed, size), size });
      await ctx.bucket().delete(key);
    }, LARGE_TIMEOUT_MS);
  });
}
