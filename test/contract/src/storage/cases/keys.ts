import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { byUtf8, keysUnder } from '../assert.js';

/** Keys that services, URLs and file systems treat specially; each must round-trip unchanged. */
export const AWKWARD_KEYS = [
  'with space', 'trailing space ', ' leading space', 'ü/ñ/漢字/файл', 'emoji 😀🎉', 'a+b=c&d?e#f', 'percent%20encoded%2F',
  '../parent', './dot', 'a/./b', 'a/../b', '..', '.', 'double//slash', 'trailing/', '/leading', 'back\\slash', 'quotes "\' `',
  'brackets []{}()<>', 'punctuation !$*,;:@|^~', 'tilde~and=equals', 'COM1', 'nul.txt', 'a:b', 'x'.repeat(300),
  `${'ü'.repeat(150)}/${'y'.repeat(250)}`,
];

/** Unicode, spaces and special characters in keys. */
export function keyCases(ctx: SuiteContext): void {
  describe('keys', () => {
    it('stores, reads, lists and deletes keys with Unicode, spaces, dots and special characters', async () => {
      const prefix = ctx.prefix('awkward');
      const keys = ctx.storable(AWKWARD_KEYS.map((key) => prefix + key)).map((key) => key.slice(prefix.length));
      for (const key of keys) await ctx.bucket().put(prefix + key, `content of ${key}`);
      for (const key of keys) expect(await ctx.bucket().getText(prefix + key), key).toBe(`content of ${key}`);
      expect(await keysUnder(ctx.bucket(), prefix)).toEqual(byUtf8(keys.map((key) => prefix + key)));
      for (const key of keys) await ctx.bucket().delete(prefix + key, { mustExist: true });
      expect(await keysUnder(ctx.bucket(), prefix)).toEqual([]);
    });

    it('keeps a key and a prefix of the same name apart', async () => {
      const prefix = ctx.prefix('key-and-prefix');
      await ctx.bucket().put(`${prefix}photos`, 'an object');
      await ctx.bucket().put(`${prefix}photos/cat.jpg`, 'a cat');
      expect(await ctx.bucket().getText(`${prefix}photos`)).toBe('an object');
      expect(await ctx.bucket().getText(`${prefix}photos/cat.jpg`)).toBe('a cat');
      await ctx.bucket().delete(`${prefix}photos`);
      expect(await keysUnder(ctx.bucket(), prefix)).toEqual([`${prefix}photos/cat.jpg`]);
    });
  });
}
