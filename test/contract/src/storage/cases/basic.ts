import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { expectCode, text } from '../assert.js';

/** put/get/head/exists/delete/copy and the body kinds `put` accepts. */
export function basicCases(ctx: SuiteContext): void {
  describe('reading and writing', () => {
    it('stores bytes and returns them with size, etag, content type and last-modified', async () => {
      const key = `${ctx.prefix('bytes')}object.bin`;
      const bytes = new Uint8Array([0, 1, 2, 250, 255, 10, 13]);
      const before = Date.now();
      const { etag } = await ctx.bucket().put(key, bytes, { contentType: 'application/x-test' });
      const { info, body } = await ctx.bucket().get(key);
      expect(new Uint8Array(await new Response(body).arrayBuffer())).toEqual(bytes);
      expect(info).toMatchObject({ key, size: bytes.byteLength, etag, contentType: 'application/x-test', metadata: {} });
      // Clocks of a server and the test may differ a little; a minute catches wrong units.
      expect(Math.abs(info.lastModified.getTime() - before)).toBeLessThan(60_000);
    });

    it('stores text as UTF-8 text/plain and JSON as application/json', async () => {
      const prefix = ctx.prefix('text-json');
      await ctx.bucket().put(`${prefix}note.txt`, 'grüße, 世界');
      expect(await ctx.bucket().getText(`${prefix}note.txt`)).toBe('grüße, 世界');
      expect((await ctx.bucket().head(`${prefix}note.txt`)).contentType).toBe('text/plain; charset=utf-8');
      await ctx.bucket().putJson(`${prefix}doc.json`, { a: [1, 'two', null], b: { c: true } });
      expect(await ctx.bucket().getJson(`${prefix}doc.json`)).toEqual({ a: [1, 'two', null], b: { c: true } });
      expect((await ctx.bucket().head(`${prefix}doc.json`)).contentType).toBe('application/json');
    });

    it('accepts a Web stream, a Node stream and an ArrayBuffer as body', async () => {
      const prefix = ctx.prefix('body-kinds');
      const parts = ['first chunk, ', 'second chunk, ', 'last'];
      const web = new ReadableStream<Uint8Array>({
        start(controller) { for (const part of parts) controller.enqueue(new TextEncoder().encode(part)); controller.close(); },
      });
      await ctx.bucket().put(`${prefix}web`, web);
      await ctx.bucket().put(`${prefix}node`, Readable.from(parts.map((part) => Buffer.from(part))));
      await ctx.bucket().put(`${prefix}buffer`, new TextEncoder().encode(parts.join('')).buffer);
      for (const name of ['web', 'node', 'buffer']) expect(await ctx.bucket().getText(`${prefix}${name}`)).toBe(parts.join(''));
    });

    it('stores an empty object', async () => {
      const key = `${ctx.prefix('empty')}nothing`;
      await ctx.bucket().put(key, new Uint8Array(0));
      expect((await ctx.bucket().getBytes(key)).byteLength).toBe(0);
      expect((await ctx.bucket().head(key)).size).toBe(0);
    });

    it('replaces an object on overwrite and gives it a new etag', async () => {
      const key = `${ctx.prefix('overwrite')}k`;
      const first = await ctx.bucket().put(key, 'version one, longer');
      const second = await ctx.bucket().put(key, 'v2');
      expect(second.etag).not.toBe(first.etag);
      expect(await ctx.bucket().getText(key)).toBe('v2');
      expect((await ctx.bucket().head(key)).etag).toBe(second.etag);
    });

    it('head and exists describe an object without reading it', async () => {
      const key = `${ctx.prefix('head')}k`;
      expect(await ctx.bucket().exists(key)).toBe(false);
      const { etag } = await ctx.bucket().put(key, 'abc');
      expect(await ctx.bucket().exists(key)).toBe(true);
      const info = await ctx.bucket().head(key);
      expect(info).toMatchObject({ key, size: 3, etag });
      const read = await ctx.bucket().get(key);
      await read.body.cancel();
      expect(read.info).toMatchObject({ key, size: 3, etag, contentType: info.contentType });
    });

    it('deletes; deleting a missing key succeeds unless mustExist is set', async () => {
      const key = `${ctx.prefix('delete')}k`;
      await ctx.bucket().put(key, 'x');
      await ctx.bucket().delete(key);
      expect(await ctx.bucket().exists(key)).toBe(false);
      await ctx.bucket().delete(key);
      await expectCode(ctx.bucket().delete(key, { mustExist: true }), 'NotFound', key);
      await ctx.bucket().put(key, 'again');
      await ctx.bucket().delete(key, { mustExist: true });
      expect(await ctx.bucket().exists(key)).toBe(false);
    });

    it('copies bytes, content type, cache control and metadata, leaving the source as it was', async () => {
      const prefix = ctx.prefix('copy');
      const options = { contentType: 'text/csv; charset=utf-8', cacheControl: 'max-age=60', metadata: { origin: 'copy-test' } };
      await ctx.bucket().put(`${prefix}src`, 'a,b\n1,2\n', options);
      const { etag } = await ctx.bucket().copy(`${prefix}dst`, `${prefix}src`);
      const copied = await ctx.bucket().head(`${prefix}dst`);
      expect(copied).toMatchObject({ size: 8, etag, contentType: options.contentType, cacheControl: options.cacheControl, metadata: options.metadata });
      expect(await ctx.bucket().getText(`${prefix}dst`)).toBe('a,b\n1,2\n');
      expect(await ctx.bucket().getText(`${prefix}src`)).toBe('a,b\n1,2\n');
      await ctx.bucket().copy(`${prefix}dst`, `${prefix}src`);
      expect(text(await ctx.bucket().getBytes(`${prefix}dst`))).toBe('a,b\n1,2\n');
    });

    it('reports NotFound with the key for a missing object on get, head, copy and the helpers', async () => {
      const key = `${ctx.prefix('missing')}absent`;
      await expectCode(ctx.bucket().get(key), 'NotFound', key);
      await expectCode(ctx.bucket().head(key), 'NotFound', key);
      await expectCode(ctx.bucket().getBytes(key), 'NotFound', key);
      await expectCode(ctx.bucket().getText(key, { range: { offset: 1, length: 2 } }), 'NotFound', key);
      await expectCode(ctx.bucket().copy(`${key}-copy`, key), 'NotFound', key);
      expect(await ctx.bucket().exists(`${key}-copy`)).toBe(false);
    });

    it('gives the native client through the escape hatch', async () => {
      const native = await ctx.bucket().native();
      expect(native.scheme).toBe(ctx.driver().scheme);
      expect(native.client).toBeDefined();
    });
  });
}
