import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bucket, FsDriver } from '@faasade/core/storage';
import { expectCode, filesUnder, tempDir } from './helpers.js';

/** A bucket rooted at `<tmp>/root`, with a sibling `<tmp>/outside` that nothing may touch. */
async function setup() {
  const base = await tempDir('fs-root');
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'do not read');
  return { root, outside, bucket: new Bucket(new FsDriver({ root })) };
}

describe('fs driver: no key leads outside the root', () => {
  it('stores ../ keys inside the root, as ordinary keys', async () => {
    const { root, outside, bucket } = await setup();
    for (const key of ['../outside/secret.txt', '../../x', '..', 'a/../../b', '..\\..\\win']) {
      await bucket.put(key, `inside ${key}`);
      expect(await bucket.getText(key)).toBe(`inside ${key}`);
    }
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('do not read');
    expect(await filesUnder(outside)).toEqual(['secret.txt']);
    expect((await filesUnder(root)).length).toBeGreaterThan(0);
  });

  it('stores absolute-path keys inside the root', async () => {
    const { outside, bucket } = await setup();
    const key = join(outside, 'secret.txt');
    await expectCode(bucket.get(key), 'NotFound');
    await bucket.put(key, 'shadow');
    expect(await bucket.getText(key)).toBe('shadow');
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('do not read');
  });

  it('refuses to go through a symlinked directory inside the root, and writes nothing through it', async () => {
    const { root, outside, bucket } = await setup();
    // "link/…" keys live in the directory "link%" (see names.ts); make that a link to outside.
    await symlink(outside, join(root, 'link%'));
    await expectCode(bucket.put('link/planted.txt', 'x'), 'PermissionDenied');
    await expectCode(bucket.put('link/deeper/planted.txt', 'x'), 'PermissionDenied');
    await expectCode(bucket.get('link/secret.txt'), 'PermissionDenied');
    await expectCode(bucket.head('link/secret.txt'), 'PermissionDenied');
    await expectCode(bucket.delete('link/secret.txt'), 'PermissionDenied');
    expect(await filesUnder(outside)).toEqual(['secret.txt']);
  });

  it('refuses to read a symlinked object file and does not list links', async () => {
    const { root, outside, bucket } = await setup();
    await symlink(join(outside, 'secret.txt'), join(root, 'stolen'));
    await expectCode(bucket.get('stolen'), 'PermissionDenied');
    await symlink(outside, join(root, 'dir%'));
    await bucket.put('visible', 'x');
    const keys: string[] = [];
    for await (const entry of bucket.list()) keys.push(entry.key);
    expect(keys).toEqual(['visible']);
  });

  it('replaces a planted symlink on write instead of writing through it', async () => {
    const { root, outside, bucket } = await setup();
    await symlink(join(outside, 'secret.txt'), join(root, 'target'));
    await bucket.put('target', 'overwritten');
    expect(await bucket.getText('target')).toBe('overwritten');
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('do not read');
  });

  it('accepts a root that is itself reached through a symlink', async () => {
    const { root } = await setup();
    const alias = `${root}-alias`;
    await symlink(root, alias);
    const bucket = new Bucket(new FsDriver({ root: alias }));
    await bucket.put('a/b', 'through the alias');
    expect(await new Bucket(new FsDriver({ root })).getText('a/b')).toBe('through the alias');
  });
});
