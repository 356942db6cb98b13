import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';

/** Content type, cache control and user metadata survive every way back. */
export function metadataCases(ctx: SuiteContext): void {
  describe('metadata', () => {
    it('returns content type, cache control and metadata from head, get and list', async () => {
      const key = `${ctx.prefix('metadata')}photo.jpg`;
      const metadata = { author: 'Ada Lovelace', sha_256: 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c', n2: 'a=b; c/d?e' };
      await ctx.bucket().put(key, new Uint8Array([0xff, 0xd8, 0xff]), {
        contentType: 'image/jpeg', cacheControl: 'public, max-age=31536000, immutable', metadata,
      });
      const head = await ctx.bucket().head(key);
      expect(head.contentType).toBe('image/jpeg');
      expect(head.cacheControl).toBe('public, max-age=31536000, immutable');
      expect(head.metadata).toEqual(metadata);
      const { info, body } = await ctx.bucket().get(key);
      await body.cancel();
      expect(info).toMatchObject({ contentType: 'image/jpeg', cacheControl: head.cacheControl, metadata });
    });

    it('keeps content type parameters exactly and defaults to application/octet-stream for bytes', async () => {
      const prefix = ctx.prefix('content-type');
      await ctx.bucket().put(`${prefix}csv`, 'a,b', { contentType: 'text/csv; charset=utf-8; header=present' });
      await ctx.bucket().put(`${prefix}bin`, new Uint8Array([1]));
      expect((await ctx.bucket().head(`${prefix}csv`)).contentType).toBe('text/csv; charset=utf-8; header=present');
      expect((await ctx.bucket().head(`${prefix}bin`)).contentType).toBe('application/octet-stream');
      expect((await ctx.bucket().head(`${prefix}bin`)).cacheControl).toBeUndefined();
    });

    it('folds metadata names to lower case and replaces metadata on overwrite', async () => {
      const key = `${ctx.prefix('metadata-case')}k`;
      await ctx.bucket().put(key, 'x', { metadata: { Owner: 'team-a', Stage: 'raw' } });
      expect((await ctx.bucket().head(key)).metadata).toEqual({ owner: 'team-a', stage: 'raw' });
      await ctx.bucket().put(key, 'y', { metadata: { stage: 'done' } });
      expect((await ctx.bucket().head(key)).metadata).toEqual({ stage: 'done' });
      await ctx.bucket().put(key, 'z');
      expect((await ctx.bucket().head(key)).metadata).toEqual({});
    });
  });
}
