import { describe, expect, it } from 'vitest';
import type { ListEntry } from '@faasade/core/storage';
import type { SuiteContext } from '../context.js';
import { byUtf8, listAll } from '../assert.js';

/** Keys whose UTF-8 order differs from naive orders (case, code units, surrogates, `/` vs `-`). */
const ORDER_KEYS = ['b', 'B', 'a', 'a-b', 'a b', 'a.b', 'a/b', 'a0', 'é', 'z', '\ue000', '😀', 'ÿ', '~', 'A/z', 'aa'];

/** Listing order, delimiters, pagination. */
export function listingCases(ctx: SuiteContext): void {
  describe('listing', () => {
    it('lists objects in the order of their keys\' UTF-8 bytes, with size and etag', async () => {
      const prefix = ctx.prefix('order');
      const etags = new Map<string, string>();
      for (const key of ORDER_KEYS) etags.set(prefix + key, (await ctx.bucket().put(prefix + key, key)).etag);
      const entries = await listAll(ctx.bucket(), { prefix });
      expect(entries.map((entry) => entry.key)).toEqual(byUtf8(ORDER_KEYS.map((key) => prefix + key)));
      for (const entry of entries) {
        expect(entry.type).toBe('object');
        if (entry.type !== 'object') continue;
        expect(entry.etag).toBe(etags.get(entry.key));
        expect(entry.size).toBe(Buffer.byteLength(entry.key.slice(prefix.length)));
        expect(entry.lastModified).toBeInstanceOf(Date);
      }
    });

    it('folds keys at the delimiter into prefixes, merged in order with objects, each once', async () => {
      const prefix = ctx.prefix('delimiter');
      const keys = ['a', 'a/1', 'a/2', 'a/b/3', 'a-x', 'b/1', 'c', 'd/', 'd/e'];
      for (const key of keys) await ctx.bucket().put(prefix + key, 'x');
      const top = await listAll(ctx.bucket(), { prefix, delimiter: '/' });
      expect(top.map(describeEntry)).toEqual(byUtf8(['a', 'a/', 'a-x', 'b/', 'c', 'd/']).map((key) => describeEntry({
        type: key.endsWith('/') ? 'prefix' : 'object', key: prefix + key,
      } as ListEntry)));
      const inA = await listAll(ctx.bucket(), { prefix: `${prefix}a/`, delimiter: '/' });
      expect(inA.map(describeEntry)).toEqual([`object ${prefix}a/1`, `object ${prefix}a/2`, `prefix ${prefix}a/b/`]);
      const inD = await listAll(ctx.bucket(), { prefix: `${prefix}d/`, delimiter: '/' });
      expect(inD.map(describeEntry)).toEqual([`object ${prefix}d/`, `object ${prefix}d/e`]);
    });

    it('pages with a cursor: every key exactly once, in order, with no cursor on the last page', async () => {
      const prefix = ctx.prefix('pages');
      const keys = Array.from({ length: 23 }, (_, i) => `${prefix}k${String(i).padStart(2, '0')}`);
      await Promise.all(keys.map((key) => ctx.bucket().put(key, 'x')));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await ctx.bucket().listPage({ prefix, pageSize: 5, ...(cursor ? { cursor } : {}) });
        expect(page.entries.length).toBeLessThanOrEqual(5);
        seen.push(...page.entries.map((entry) => entry.key));
        cursor = page.cursor;
        pages++;
        expect(pages).toBeLessThan(30);
      } while (cursor);
      expect(seen).toEqual(keys);
      expect(pages).toBeGreaterThanOrEqual(5);
      expect((await listAll(ctx.bucket(), { prefix, pageSize: 4 })).map((entry) => entry.key)).toEqual(keys);
    });

    it('pages through folded prefixes without repeating one across a page boundary', async () => {
      const prefix = ctx.prefix('pages-delimiter');
      const keys = ['a/1', 'a/2', 'a/3', 'b', 'c/1', 'c/2', 'd', 'e/1', 'f', 'g/1', 'g/2'];
      await Promise.all(keys.map((key) => ctx.bucket().put(prefix + key, 'x')));
      const expected = ['a/', 'b', 'c/', 'd', 'e/', 'f', 'g/'].map((key) => prefix + key);
      for (const pageSize of [1, 2, 3]) {
        const listed = await listAll(ctx.bucket(), { prefix, delimiter: '/', pageSize });
        expect(listed.map((entry) => entry.key), `pageSize ${pageSize}`).toEqual(expected);
      }
    });

    it('lists nothing, without a cursor, for a prefix no key has', async () => {
      const page = await ctx.bucket().listPage({ prefix: ctx.prefix('nothing') });
      expect(page.entries).toEqual([]);
      expect(page.cursor).toBeUndefined();
    });

    it('stops listing a key once it is deleted', async () => {
      const prefix = ctx.prefix('list-after-delete');
      await ctx.bucket().put(`${prefix}keep`, 'x');
      await ctx.bucket().put(`${prefix}drop`, 'x');
      await ctx.bucket().delete(`${prefix}drop`);
      expect((await listAll(ctx.bucket(), { prefix })).map((entry) => entry.key)).toEqual([`${prefix}keep`]);
    });
  });
}

function describeEntry(entry: ListEntry): string {
  return `${entry.type} ${entry.key}`;
}
