import { describe, expect } from 'vitest';
import { isStorageError } from '@faasade/core/storage';
import type { SuiteContext } from '../context.js';
import { expectCode } from '../assert.js';

const WRITERS = 8;

/** ifNotExists and ifMatch, alone and between concurrent writers. */
export function preconditionCases(ctx: SuiteContext): void {
  describe('preconditions', () => {
    ctx.needs('ifNotExists', 'ifNotExists creates once, then fails with AlreadyExists and keeps the object', async () => {
      const key = `${ctx.prefix('if-not-exists')}k`;
      await ctx.bucket().put(key, 'first', { ifNotExists: true });
      await expectCode(ctx.bucket().put(key, 'second', { ifNotExists: true }), 'AlreadyExists', key);
      expect(await ctx.bucket().getText(key)).toBe('first');
      await ctx.bucket().delete(key);
      await ctx.bucket().put(key, 'after delete', { ifNotExists: true });
      expect(await ctx.bucket().getText(key)).toBe('after delete');
    });

    ctx.needs('ifNotExists', 'copy with ifNotExists fails with AlreadyExists onto an existing key', async () => {
      const prefix = ctx.prefix('copy-if-not-exists');
      await ctx.bucket().put(`${prefix}src`, 'source');
      await ctx.bucket().put(`${prefix}dst`, 'taken');
      await expectCode(ctx.bucket().copy(`${prefix}dst`, `${prefix}src`, { ifNotExists: true }), 'AlreadyExists');
      expect(await ctx.bucket().getText(`${prefix}dst`)).toBe('taken');
      await ctx.bucket().copy(`${prefix}new`, `${prefix}src`, { ifNotExists: true });
      expect(await ctx.bucket().getText(`${prefix}new`)).toBe('source');
    });

    ctx.needs('ifMatch', 'ifMatch writes only over the version it names', async () => {
      const key = `${ctx.prefix('if-match')}k`;
      const v1 = await ctx.bucket().put(key, 'v1');
      const v2 = await ctx.bucket().put(key, 'v2', { ifMatch: v1.etag });
      expect(await ctx.bucket().getText(key)).toBe('v2');
      await expectCode(ctx.bucket().put(key, 'stale', { ifMatch: v1.etag }), 'PreconditionFailed', key);
      expect(await ctx.bucket().getText(key)).toBe('v2');
      expect((await ctx.bucket().head(key)).etag).toBe(v2.etag);
    });

    ctx.needs('ifMatch', 'ifMatch on a missing key fails with PreconditionFailed and creates nothing', async () => {
      const key = `${ctx.prefix('if-match-missing')}k`;
      const other = await ctx.bucket().put(`${key}-other`, 'x');
      await expectCode(ctx.bucket().put(key, 'x', { ifMatch: other.etag }), 'PreconditionFailed', key);
      expect(await ctx.bucket().exists(key)).toBe(false);
    });

    ctx.needs('ifNotExists', `exactly one of ${WRITERS} concurrent ifNotExists writers wins`, async () => {
      const key = `${ctx.prefix('race-create')}k`;
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) => ctx.bucket().put(key, `writer ${i}`, { ifNotExists: true, metadata: { writer: String(i) } })),
      );
      const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(isStorageError(result.reason, 'AlreadyExists'), String(result.reason)).toBe(true);
      }
      expect(await ctx.bucket().getText(key)).toBe(`writer ${winners[0]}`);
      expect((await ctx.bucket().head(key)).metadata.writer).toBe(String(winners[0]));
    });

    ctx.needs('ifMatch', `exactly one of ${WRITERS} concurrent ifMatch writers of one version wins`, async () => {
      const key = `${ctx.prefix('race-swap')}k`;
      const { etag } = await ctx.bucket().put(key, 'base');
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) => ctx.bucket().put(key, `writer ${i}`, { ifMatch: etag })),
      );
      const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(isStorageError(result.reason, 'PreconditionFailed'), String(result.reason)).toBe(true);
      }
      expect(await ctx.bucket().getText(key)).toBe(`writer ${winners[0]}`);
    });
  });
}
