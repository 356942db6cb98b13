import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBucket, type Bucket } from '@faasade/core/storage';
import { intendedKey, readLayoutPath } from '../src/storage/fs-layout.js';

// The watcher reads paths back into keys with its own copy of the fs driver's naming
// rules (core does not export them): these keys go through the real driver and back.
const KEYS = [
  'plain.txt', 'uploads/cat.jpg', 'a/b/c/d.txt', 'with space/and ü.png', '100%/x', 'dir/', 'a//b', '../up', './dot', '..',
  'colon:star*?"<>|.txt', `long/${'x'.repeat(450)}.bin`, 'a', 'a/b',
];

describe('reading the fs driver layout back into keys', () => {
  let dir: string;
  let bucket: Bucket;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faasade-layout-'));
    bucket = openBucket(`${pathToFileURL(dir).href}?create=true`);
    for (const key of KEYS) await bucket.put(key, `bytes of ${key}`, { contentType: 'text/plain' });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names every stored object by its key, and every other file as the driver\'s own', async () => {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const objects: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const layout = readLayoutPath(relative(dir, join(entry.parentPath, entry.name)), false);
      if (layout.kind === 'object') objects.push(layout.key);
      else expect(layout.kind).toBe('internal');
    }
    expect(objects.sort()).toEqual([...KEYS].sort());
  });

  it('reads a folder of the layout as a key prefix, and a plain folder as foreign', () => {
    expect(readLayoutPath('uploads%', true)).toEqual({ kind: 'prefix', prefix: 'uploads/' });
    expect(readLayoutPath('uploads', true).kind).toBe('foreign');
    expect(readLayoutPath('uploads/cat.jpg', false).kind).toBe('foreign');
    expect(intendedKey('uploads/sub%/cat one.jpg')).toBe('uploads/sub/cat one.jpg');
  });
});
