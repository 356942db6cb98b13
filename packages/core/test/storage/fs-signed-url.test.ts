import { describe, expect, it } from 'vitest';
import { Bucket, FsDriver, fsSignedUrlHandler, openBucket } from '@faasade/core/storage';
import { tempDir } from './helpers.js';

/** A bucket whose clock the test moves. */
async function clocked(secret = 'test-secret') {
  const root = await tempDir('fs-signed');
  let now = Date.UTC(2030, 0, 1);
  const driver = new FsDriver({ root, signingSecret: secret, clock: () => now, signedUrlBase: 'http://localhost:8787/buckets/images/' });
  return { root, driver, bucket: new Bucket(driver), serve: fsSignedUrlHandler(driver), advance: (ms: number) => { now += ms; } };
}

describe('fs driver: signed URLs', () => {
  it('point at the configured base and work until they expire, not after', async () => {
    const { bucket, serve, advance } = await clocked();
    await bucket.put('photos/cat.jpg', 'meow', { contentType: 'image/jpeg', cacheControl: 'max-age=5' });
    const url = await bucket.signedUrl('photos/cat.jpg', { expiresIn: 60 });
    expect(url.startsWith('http://localhost:8787/buckets/images/?')).toBe(true);
    const ok = await serve(new Request(url));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect(ok.headers.get('cache-control')).toBe('max-age=5');
    expect(await ok.text()).toBe('meow');
    advance(60_000);
    const lastSecond = await serve(new Request(url));
    expect(lastSecond.status).toBe(200);
    await lastSecond.body?.cancel();
    advance(1_000);
    expect((await serve(new Request(url))).status).toBe(403);
  });

  it('refuse a changed key, another method, another bucket and another secret', async () => {
    const { bucket, serve } = await clocked();
    await bucket.put('public', 'p');
    await bucket.put('private', 's');
    const url = new URL(await bucket.signedUrl('public', { expiresIn: 60 }));
    url.searchParams.set('key', 'private');
    expect((await serve(new Request(url))).status).toBe(403);
    const get = await bucket.signedUrl('public', { expiresIn: 60 });
    expect((await serve(new Request(get, { method: 'PUT', body: 'x' }))).status).toBe(403);
    const other = await clocked();
    expect((await other.serve(new Request(get))).status).toBe(403);
    const otherSecret = await clocked('another-secret');
    expect((await otherSecret.serve(new Request(get))).status).toBe(403);
    expect((await serve(new Request(get, { method: 'DELETE' }))).status).toBe(405);
  });

  it('a PUT URL stores the body, and insists on the content type it was signed for', async () => {
    const { bucket, serve } = await clocked();
    const url = await bucket.signedUrl('uploads/a.png', { method: 'PUT', expiresIn: 60, contentType: 'image/png' });
    expect((await serve(new Request(url, { method: 'PUT', body: 'x', headers: { 'content-type': 'text/html' } }))).status).toBe(403);
    expect(await bucket.exists('uploads/a.png')).toBe(false);
    const stored = await serve(new Request(url, { method: 'PUT', body: 'png bytes', headers: { 'content-type': 'image/png' } }));
    expect(stored.status).toBe(200);
    expect(await bucket.getText('uploads/a.png')).toBe('png bytes');
    expect((await bucket.head('uploads/a.png')).contentType).toBe('image/png');
  });

  it('answer 404 for a signed URL whose object is gone', async () => {
    const { bucket, serve } = await clocked();
    const url = await bucket.signedUrl('never-written', { expiresIn: 60 });
    expect((await serve(new Request(url))).status).toBe(404);
  });

  it('default to the root\'s file: URL, and take baseUrl from a bucket URL', async () => {
    const root = await tempDir('fs-signed-url');
    const plain = openBucket(`file://${root}`);
    expect((await plain.signedUrl('k')).startsWith('file://')).toBe(true);
    const served = openBucket(`file://${root}?baseUrl=${encodeURIComponent('http://127.0.0.1:3000/_b/')}`);
    expect((await served.signedUrl('k')).startsWith('http://127.0.0.1:3000/_b/?')).toBe(true);
  });
});
