import { beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { openBucket, type Bucket } from '@faasade/core/storage';
import { createJsonLogger } from '@faasade/core/adapter';
import { DEFAULT_RENDITIONS, processUpload, type RenditionManifest, type RenditionOptions } from '@faasade/image-renditions';
import { bomb, photo } from '../../../../test/shared/images.js';

const quiet = { log: createJsonLogger({ sink: () => {} }) };
const options: RenditionOptions = { ...DEFAULT_RENDITIONS, widths: [320, 768], formats: ['webp', 'avif', 'jpeg'] };
let images: Bucket;
let run = 0;

beforeEach(() => {
  images = openBucket(`mem://renditions-${++run}`);
});

async function keys(prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of images.list({ prefix })) out.push(entry.key);
  return out;
}

describe('processUpload', () => {
  it('writes auto-oriented, resized renditions in every format, and a manifest', async () => {
    // 1200×800 stored sideways: EXIF orientation 6 means the picture is 800 wide, 1200 high.
    await images.put('uploads/cat.jpg', await photo(1200, 800, { orientation: 6 }), { contentType: 'image/jpeg' });
    const outcome = await processUpload(images, 'uploads/cat.jpg', options, quiet);
    expect(outcome.status).toBe('processed');

    for (const [width, height] of [[320, 480], [768, 1152]] as const) {
      for (const [ext, format, type] of [['webp', 'webp', 'image/webp'], ['avif', 'heif', 'image/avif'], ['jpg', 'jpeg', 'image/jpeg']] as const) {
        const key = `processed/cat/${width}.${ext}`;
        const bytes = await images.getBytes(key);
        const meta = await sharp(bytes).metadata();
        expect({ key, width: meta.width, height: meta.height, format: meta.format }).toEqual({ key, width, height, format });
        expect(meta.exif, `${key} keeps no EXIF`).toBeUndefined();
        const info = await images.head(key);
        expect(info.contentType).toBe(type);
        expect(info.cacheControl).toBe(DEFAULT_RENDITIONS.cacheControl);
      }
    }
    const manifest = await images.getJson<RenditionManifest>('processed/cat/manifest.json');
    expect(manifest.source).toMatchObject({ key: 'uploads/cat.jpg', width: 800, height: 1200, format: 'jpeg', etag: (await images.head('uploads/cat.jpg')).etag });
    expect(manifest.outputs).toHaveLength(6);
    for (const output of manifest.outputs) expect(output.bytes).toBe((await images.head(output.key)).size);
  });

  it('draws the watermark into the bottom-right corner', async () => {
    const source = await photo(800, 600);
    await images.put('uploads/a.jpg', source);
    await processUpload(images, 'uploads/a.jpg', { ...options, formats: ['webp'], watermark: 'FAASADE' }, quiet);
    await images.put('uploads/b.jpg', source);
    await processUpload(images, 'uploads/b.jpg', { ...options, formats: ['webp'], watermark: '' }, quiet);
    const corner = async (key: string) => {
      const { data } = await sharp(await images.getBytes(key)).extract({ left: 768 - 120, top: 576 - 30, width: 120, height: 30 }).raw().toBuffer({ resolveWithObject: true });
      return data;
    };
    const marked = await corner('processed/a/768.webp');
    const plain = await corner('processed/b/768.webp');
    const difference = marked.reduce((sum, value, i) => sum + Math.abs(value - plain[i]!), 0) / marked.length;
    expect(difference).toBeGreaterThan(10);
  });

  it('is a no-op for a redelivered event or an unchanged source', async () => {
    await images.put('uploads/cat.jpg', await photo(400, 300));
    expect((await processUpload(images, 'uploads/cat.jpg', options, quiet)).status).toBe('processed');
    const before = await images.head('processed/cat/manifest.json');
    expect((await processUpload(images, 'uploads/cat.jpg', options, quiet)).status).toBe('unchanged');
    expect((await images.head('processed/cat/manifest.json')).etag).toBe(before.etag);
  });

  it('processes concurrent duplicate deliveries into one whole set of outputs', async () => {
    await images.put('uploads/dup.jpg', await photo(900, 600));
    const outcomes = await Promise.all([1, 2, 3].map(() => processUpload(images, 'uploads/dup.jpg', options, quiet)));
    expect(outcomes.every((o) => o.status === 'processed' || o.status === 'unchanged')).toBe(true);
    const written = await keys('processed/dup/');
    expect(written).toEqual(['processed/dup/320.avif', 'processed/dup/320.jpg', 'processed/dup/320.webp', 'processed/dup/768.avif', 'processed/dup/768.jpg', 'processed/dup/768.webp', 'processed/dup/manifest.json']);
    for (const key of written.filter((k) => !k.endsWith('.json'))) await expect(sharp(await images.getBytes(key)).stats()).resolves.toBeDefined();
  });

  it('never upscales: a small source gets one rendition at its own width', async () => {
    await images.put('uploads/tiny.png', await photo(200, 100, { format: 'png' }));
    const outcome = await processUpload(images, 'uploads/tiny.png', options, quiet);
    expect(outcome.status === 'processed' && outcome.manifest.outputs.map((o) => [o.width, o.height])).toEqual([[200, 100], [200, 100], [200, 100]]);
  });

  it('keeps unicode and spaces in names', async () => {
    await images.put('uploads/Zoë photos/été 1.jpg', await photo(400, 300));
    await processUpload(images, 'uploads/Zoë photos/été 1.jpg', options, quiet);
    expect(await images.exists('processed/Zoë photos/été 1/320.webp')).toBe(true);
  });

  it('ignores keys outside uploads/, so its own outputs never trigger it', async () => {
    await images.put('processed/x/320.webp', await photo(320, 200));
    expect(await processUpload(images, 'processed/x/320.webp', options, quiet)).toMatchObject({ status: 'ignored' });
    expect(await keys()).toEqual(['processed/x/320.webp']);
  });

  it('acknowledges an event whose source is already gone', async () => {
    expect(await processUpload(images, 'uploads/gone.jpg', options, quiet)).toMatchObject({ status: 'ignored' });
  });

  const rejections: Array<[string, () => Promise<Uint8Array>, string]> = [
    ['an empty upload', async () => new Uint8Array(0), 'Empty'],
    ['text that is not an image', async () => new TextEncoder().encode('hello, I am not a picture'), 'NotAnImage'],
    ['a truncated JPEG', async () => (await photo(800, 600)).subarray(0, 4000), 'Corrupt'],
    ['an SVG (not accepted)', async () => new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'UnsupportedFormat'],
    // Against a 4-megapixel limit so the bomb is quick to build; the check is the same at 50.
    ['a decompression bomb (9 megapixels of one colour in a tiny PNG)', () => bomb(3000, 3000), 'TooManyPixels'],
  ];
  for (const [label, make, code] of rejections) {
    it(`moves ${label} to rejected/ with a reason (${code})`, async () => {
      const bytes = await make();
      await images.put('uploads/bad.jpg', bytes);
      const outcome = await processUpload(images, 'uploads/bad.jpg', { ...options, maxPixels: 4_000_000 }, quiet);
      expect(outcome).toMatchObject({ status: 'rejected', rejection: { code } });
      expect(await images.exists('uploads/bad.jpg')).toBe(false);
      expect(Buffer.from(await images.getBytes('rejected/bad.jpg'))).toEqual(Buffer.from(bytes));
      expect(await images.getJson('rejected/bad.jpg.reason.json')).toMatchObject({ code, source: { key: 'uploads/bad.jpg' } });
      expect(await keys('processed/')).toEqual([]);
    });
  }
});
