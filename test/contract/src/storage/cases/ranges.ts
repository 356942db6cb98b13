import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { text } from '../assert.js';

/** Ranged reads. */
export function rangeCases(ctx: SuiteContext): void {
  describe('ranges', () => {
    it('reads a range, a tail, a range past the end and an empty range, reporting the whole size', async () => {
      const key = `${ctx.prefix('range')}digits`;
      await ctx.bucket().put(key, '0123456789');
      const read = async (offset: number, length?: number) => {
        const { info, body } = await ctx.bucket().get(key, { range: length === undefined ? { offset } : { offset, length } });
        expect(info.size).toBe(10);
        return text(new Uint8Array(await new Response(body).arrayBuffer()));
      };
      expect(await read(2, 3)).toBe('234');
      expect(await read(0, 1)).toBe('0');
      expect(await read(7)).toBe('789');
      expect(await read(0)).toBe('0123456789');
      expect(await read(8, 100)).toBe('89');
      expect(await read(9, 1)).toBe('9');
      expect(await read(10)).toBe('');
      expect(await read(25, 5)).toBe('');
      expect(await read(4, 0)).toBe('');
    });
  });
}
