import { describe, expect, it } from 'vitest';
import { bucket, bucketEnvName, bucketUrl } from '@faasade/core/storage';
import { expectCode, filesUnder, tempDir } from './helpers.js';

describe('bucket(name): named bindings', () => {
  it('reads FAASADE_BUCKET_<NAME>', () => {
    expect(bucketEnvName('images')).toBe('FAASADE_BUCKET_IMAGES');
    expect(bucketEnvName('raw-uploads')).toBe('FAASADE_BUCKET_RAW_UPLOADS');
    expect(bucketUrl('images', { FAASADE_BUCKET_IMAGES: 's3://prod-images?region=eu-west-1' })).toBe('s3://prod-images?region=eu-west-1');
  });

  it('defaults to a directory per name under FAASADE_BUCKETS_DIR, created on first write', async () => {
    const dir = await tempDir('binding');
    const env = { FAASADE_BUCKETS_DIR: dir };
    expect(bucketUrl('images', env)).toBe(`file://${dir}/images?create=true`);
    await bucket('images', env).put('cat.jpg', 'meow');
    expect(await filesUnder(dir)).toContain('images/cat.jpg');
  });

  it('defaults to ./.faasade/buckets/<name> when nothing is set', () => {
    expect(bucketUrl('images', {})).toBe(`file://${process.cwd()}/.faasade/buckets/images?create=true`);
  });

  it('returns the same bucket for the same binding, and a new one after close', async () => {
    const env = { FAASADE_BUCKET_CACHE: 'mem://binding-cache' };
    const first = bucket('cache', env);
    expect(bucket('cache', env)).toBe(first);
    await first.close();
    const second = bucket('cache', env);
    expect(second).not.toBe(first);
    await second.put('k', 'still works');
  });

  it('rejects bad names and unusable URLs with InvalidArgument', async () => {
    for (const name of ['', '1st', 'has space', 'a/b', 'x'.repeat(64)]) {
      expect(() => bucket(name, {})).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    }
    expect(() => bucket('images', { FAASADE_BUCKET_IMAGES: 'nonsense' })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    await expectCode(bucket('typo', { FAASADE_BUCKET_TYPO: 'mem://x?unknown=1' }).put('k', 'v'), 'InvalidArgument');
  });
});
