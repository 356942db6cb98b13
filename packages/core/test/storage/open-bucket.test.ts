import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoryDriver, openBucket, registerStorageScheme, type StorageScheme } from '@faasade/core/storage';
import { expectCode, tempDir } from './helpers.js';

describe('openBucket: binding by URL', () => {
  it('shares one memory bucket per mem:// name within the process', async () => {
    await openBucket('mem://shared-by-name').put('k', 'v');
    expect(await openBucket('mem://shared-by-name').getText('k')).toBe('v');
    expect(await openBucket('mem://another-name').exists('k')).toBe(false);
  });

  it('opens a directory by file: URL, creating it only when create=true', async () => {
    const base = await tempDir('open-file');
    await expectCode(openBucket(pathToFileURL(join(base, 'missing')).href).put('k', 'x'), 'NotFound');
    const made = openBucket(`${pathToFileURL(join(base, 'made')).href}?create=true`);
    await made.put('k', 'x');
    expect(await openBucket(pathToFileURL(join(base, 'made')).href).getText('k')).toBe('x');
  });

  it('scopes every key under ?prefix=', async () => {
    const tenant = openBucket('mem://prefixed?prefix=tenant-a/');
    await tenant.put('doc', 'a');
    expect(await openBucket('mem://prefixed').getText('tenant-a/doc')).toBe('a');
    expect((await tenant.listPage()).entries.map((entry) => entry.key)).toEqual(['doc']);
  });

  it('rejects malformed URLs and unknown schemes at once, unknown parameters on first use', async () => {
    expect(() => openBucket('not a url')).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => openBucket('ftp://host/dir')).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    await expectCode(openBucket('mem://x?regoin=eu').put('k', 'v'), 'InvalidArgument');
    await expectCode(openBucket('file:///tmp/x?create=maybe').put('k', 'v'), 'InvalidArgument');
    await expectCode(openBucket('file://remote-host/dir').put('k', 'v'), 'InvalidArgument');
  });

  it('uses a registered scheme, opening its driver only on the first call', async () => {
    const opened: string[] = [];
    const scheme: StorageScheme = {
      scheme: 'test-cloud',
      open(url) { opened.push(url.href); return new MemoryDriver(); },
    };
    registerStorageScheme(scheme);
    const bucket = openBucket('test-cloud://my-bucket?region=eu&prefix=p/');
    expect(opened).toEqual([]);
    await bucket.put('k', 'v');
    await bucket.getText('k');
    // The prefix is the portable layer's; the driver sees the rest of the URL once.
    expect(opened).toEqual(['test-cloud://my-bucket?region=eu']);
    expect((await bucket.native()).scheme).toBe('mem');
  });

  it('reports errors with the bucket URL but without credentials or parameters', async () => {
    const error = await openBucket('mem://user:password@labelled?prefix=p/').get('k').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NotFound', bucket: 'mem://labelled', key: 'k' });
    expect(String((error as Error).message)).not.toContain('password');
  });
});
