import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { expectCode, keysUnder } from '../assert.js';
import { failingNodeStream, failingWebStream } from '../data.js';

// Past the first upload part, so a multipart upload is under way when the body fails.
const GOOD_BYTES = 6 * 1024 * 1024;

/** A body stream that fails halfway leaves nothing behind and the old version intact. */
export function failureCases(ctx: SuiteContext): void {
  describe('failing bodies', () => {
    it('a Web stream failing halfway rejects with Canceled and creates no object', async () => {
      const prefix = ctx.prefix('failing-web');
      await expectCode(ctx.bucket().put(`${prefix}k`, failingWebStream(1, GOOD_BYTES)), 'Canceled', `${prefix}k`);
      expect(await ctx.bucket().exists(`${prefix}k`)).toBe(false);
      expect(await keysUnder(ctx.bucket(), prefix)).toEqual([]);
    }, 60_000);

    it('a Node stream failing halfway rejects with Canceled and keeps the previous version', async () => {
      const prefix = ctx.prefix('failing-node');
      const before = await ctx.bucket().put(`${prefix}k`, 'previous version', { metadata: { kept: 'yes' } });
      await expectCode(ctx.bucket().put(`${prefix}k`, failingNodeStream(2, GOOD_BYTES)), 'Canceled', `${prefix}k`);
      expect(await ctx.bucket().getText(`${prefix}k`)).toBe('previous version');
      expect(await ctx.bucket().head(`${prefix}k`)).toMatchObject({ etag: before.etag, metadata: { kept: 'yes' } });
      expect(await keysUnder(ctx.bucket(), prefix)).toEqual([`${prefix}k`]);
    }, 60_000);
  });
}
