import { describe, expect, it } from 'vitest';
import { Bucket } from '@faasade/core/storage';
import type { SuiteContext } from '../context.js';
import { expectCode, keysUnder } from '../assert.js';

/** Invalid keys and options, missing and closed buckets, aborted calls, declared capabilities. */
export function errorCases(ctx: SuiteContext): void {
  describe('errors', () => {
    it('rejects invalid keys with InvalidArgument on every operation, writing nothing', async () => {
      const prefix = ctx.prefix('invalid-keys');
      const invalid = ['', `${prefix}${'x'.repeat(1025)}`, `${prefix}nul\u0000byte`, `${prefix}new\nline`, `${prefix}tab\there`,
        `${prefix}del\u007f`, `${prefix}c1\u0085`, `${prefix}lone\ud800surrogate`, `${prefix}${'é'.repeat(600)}`];
      const bucket = ctx.bucket();
      for (const key of invalid) {
        await expectCode(bucket.put(key, 'x'), 'InvalidArgument', key);
        await expectCode(bucket.get(key), 'InvalidArgument', key);
        await expectCode(bucket.head(key), 'InvalidArgument', key);
        await expectCode(bucket.exists(key), 'InvalidArgument', key);
        await expectCode(bucket.delete(key), 'InvalidArgument', key);
        await expectCode(bucket.copy(key, `${prefix}src`), 'InvalidArgument');
        await expectCode(bucket.copy(`${prefix}dst`, key), 'InvalidArgument');
        await expectCode(bucket.signedUrl(key), 'InvalidArgument', key);
      }
      await expectCode(bucket.put(undefined as unknown as string, 'x'), 'InvalidArgument');
      expect(await keysUnder(bucket, prefix)).toEqual([]);
    });

    ctx.needsKey(`contract/${'é'.repeat(500)}`, 'accepts a key of exactly 1024 bytes of UTF-8 and rejects 1025', async () => {
      const prefix = ctx.prefix('long-key');
      const used = Buffer.byteLength((ctx.harness.keyPrefix ?? '') + prefix);
      const room = 1024 - used;
      // Two-byte characters, so the limit is counted in bytes, not characters.
      const key = prefix + 'é'.repeat(Math.floor(room / 2)) + 'x'.repeat(room % 2);
      await ctx.bucket().put(key, 'long');
      expect(await ctx.bucket().getText(key)).toBe('long');
      expect(await keysUnder(ctx.bucket(), prefix)).toEqual([key]);
      await expectCode(ctx.bucket().put(`${key}x`, 'x'), 'InvalidArgument');
    });

    it('rejects invalid options with InvalidArgument', async () => {
      const key = `${ctx.prefix('invalid-options')}k`;
      const bucket = ctx.bucket();
      await expectCode(bucket.put(key, 'x', { metadata: { 'has space': 'v' } }), 'InvalidArgument', key);
      await expectCode(bucket.put(key, 'x', { metadata: { name: 'non-ascii é' } }), 'InvalidArgument', key);
      await expectCode(bucket.put(key, 'x', { metadata: { name: 'a\r\nb' } }), 'InvalidArgument', key);
      await expectCode(bucket.put(key, 'x', { metadata: { name: '' } }), 'InvalidArgument', key);
      await expectCode(bucket.put(key, 'x', { metadata: { name: ' padded' } }), 'InvalidArgument', key);
      await expectCode(bucket.put(key, 'x', { metadata: { big: 'v'.repeat(3000) } }), 'InvalidArgument', key);
      await expectCode(bucket.put(key, 'x', { contentType: 'text/plain\r\nx-injected: 1' }), 'InvalidArgument', key);
      await expectCode(bucket.put(key, 'x', { contentType: 'not a type' }), 'InvalidArgument', key);
      await expectCode(bucket.put(key, 'x', { ifNotExists: true, ifMatch: '"etag"' }), 'InvalidArgument', key);
      await expectCode(bucket.put(key, 42 as unknown as string), 'InvalidArgument', key);
      await expectCode(bucket.get(key, { range: { offset: -1 } }), 'InvalidArgument', key);
      await expectCode(bucket.get(key, { range: { offset: 0, length: 1.5 } }), 'InvalidArgument', key);
      await expectCode(bucket.listPage({ pageSize: 0 }), 'InvalidArgument');
      await expectCode(bucket.listPage({ pageSize: 1001 }), 'InvalidArgument');
      await expectCode(bucket.signedUrl(key, { expiresIn: 0 }), 'InvalidArgument', key);
      await expectCode(bucket.signedUrl(key, { expiresIn: 604_801 }), 'InvalidArgument', key);
      await expectCode(bucket.signedUrl(key, { method: 'DELETE' as 'GET' }), 'InvalidArgument', key);
      expect(await bucket.exists(key)).toBe(false);
    });

    it('rejects a call whose signal already fired with Canceled', async () => {
      const key = `${ctx.prefix('aborted')}k`;
      const controller = new AbortController();
      controller.abort(new Error('gave up'));
      await expectCode(ctx.bucket().put(key, 'x', { signal: controller.signal }), 'Canceled', key);
      await expectCode(ctx.bucket().get(key, { signal: controller.signal }), 'Canceled', key);
      expect(await ctx.bucket().exists(key)).toBe(false);
    });

    it('rejects every call after close with Closed', async () => {
      const bucket = new Bucket(await ctx.harness.makeDriver(), ctx.harness.keyPrefix ? { prefix: ctx.harness.keyPrefix } : {});
      const key = `${ctx.prefix('closed')}k`;
      await bucket.put(key, 'x');
      await bucket.close();
      await expectCode(bucket.get(key), 'Closed', key);
      await expectCode(bucket.put(key, 'y'), 'Closed', key);
      await expectCode(bucket.listPage(), 'Closed');
      expect(await ctx.bucket().getText(key)).toBe('x');
    });

    ctx.needsMissingBucket('reports NotFound for every call on a bucket that does not exist', async () => {
      const bucket = new Bucket(await ctx.harness.makeDriverForNonexistentBucket!());
      await expectCode(bucket.get('k'), 'NotFound', 'k');
      await expectCode(bucket.head('k'), 'NotFound', 'k');
      await expectCode(bucket.put('k', 'x'), 'NotFound', 'k');
      await expectCode(bucket.listPage(), 'NotFound');
      await expectCode(bucket.copy('k2', 'k'), 'NotFound');
      await expectCode(bucket.delete('k', { mustExist: true }), 'NotFound', 'k');
      expect(await bucket.exists('k')).toBe(false);
      await bucket.close();
    });

    it('declares at least the capabilities the harness runs it with', () => {
      const declared = ctx.driver().capabilities;
      for (const name of ['ifNotExists', 'ifMatch', 'signedGetUrl', 'signedPutUrl'] as const) {
        if (ctx.capabilities[name]) expect(declared[name], `harness assumes ${name}; the driver must declare it`).toBe(true);
      }
    });
  });
}
