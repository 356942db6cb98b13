import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import type { SuiteContext } from '../context.js';
import { text } from '../assert.js';

/** Signed URLs: what they allow, and what they must refuse. */
export function signedUrlCases(ctx: SuiteContext): void {
  describe('signed URLs', () => {
    ctx.needs('signedGetUrl', 'a signed GET URL downloads the object without credentials', async () => {
      const key = `${ctx.prefix('signed-get')}report file.txt`;
      await ctx.bucket().put(key, 'signed content ✓', { contentType: 'text/plain; charset=utf-8' });
      const url = await ctx.bucket().signedUrl(key, { method: 'GET', expiresIn: 300 });
      const response = await ctx.fetchSignedUrl(url, { method: 'GET' });
      expect(response.status).toBe(200);
      expect(text(response.body)).toBe('signed content ✓');
    });

    ctx.needs('signedPutUrl', 'a signed PUT request uploads an object the bucket then reads', async () => {
      const key = `${ctx.prefix('signed-put')}upload.bin`;
      const upload = await ctx.bucket().signedRequest(key, { method: 'PUT', expiresIn: 300, contentType: 'application/x-upload' });
      expect(upload.method).toBe('PUT');
      expect(upload.headers['content-type']).toBe('application/x-upload');
      // Sent exactly as a browser given the request would send it: these headers, nothing else.
      const response = await ctx.fetchSignedUrl(upload.url, { method: 'PUT', body: new Uint8Array([1, 2, 3, 4]), contentType: 'application/x-upload', headers: upload.headers });
      expect(response.status).toBeLessThan(300);
      expect([...(await ctx.bucket().getBytes(key))]).toEqual([1, 2, 3, 4]);
      expect((await ctx.bucket().head(key)).contentType).toBe('application/x-upload');
    });

    ctx.needs(['signedGetUrl', 'signedUrlEnforced'], 'an expired or tampered signed URL is refused', async () => {
      const key = `${ctx.prefix('signed-expired')}k`;
      await ctx.bucket().put(key, 'secret');
      const url = await ctx.bucket().signedUrl(key, { method: 'GET', expiresIn: 1 });
      const tampered = new URL(url);
      const name = [...tampered.searchParams.keys()].find((param) => /sig/i.test(param));
      const signature = name ? tampered.searchParams.get(name)! : '';
      if (name) tampered.searchParams.set(name, `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`);
      expect((await ctx.fetchSignedUrl(tampered.href, { method: 'GET' })).status).toBeGreaterThanOrEqual(400);
      await sleep(2_200);
      const response = await ctx.fetchSignedUrl(url, { method: 'GET' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(text(response.body)).not.toBe('secret');
    }, 30_000);
  });
}
