import { Storage, type Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGcsServer, type GcsServerHandle } from './gcs.js';
import { gcsStatus, listPages } from './gcs-test-helpers.js';

let gcs: GcsServerHandle;
let bucket: Bucket;
const names = ['list/a.txt', 'list/b/1.txt', 'list/b/2.txt', 'list/b/', 'list/c.txt', 'list/d/1.txt', 'list/e.txt', 'other.txt'];

beforeAll(async () => {
  gcs = await startGcsServer({ mode: 'in-process' });
  await gcs.createBucket('listing-test');
  bucket = new Storage(gcs.storageOptions).bucket('listing-test');
  for (const name of names) await bucket.file(name).save(name, { resumable: false });
});
afterAll(async () => {
  await gcs?.stop();
});

describe('GCS test server: listing through @google-cloud/storage', () => {
  it('lists everything under a prefix in lexicographic order', async () => {
    const [files] = await bucket.getFiles({ prefix: 'list/' });
    expect(files.map((f) => f.name)).toEqual(['list/a.txt', 'list/b/', 'list/b/1.txt', 'list/b/2.txt', 'list/c.txt', 'list/d/1.txt', 'list/e.txt']);
  });

  it('groups by delimiter into prefixes', async () => {
    expect(await listPages(bucket, { prefix: 'list/', delimiter: '/' })).toEqual([
      { items: ['list/a.txt', 'list/c.txt', 'list/e.txt'], prefixes: ['list/b/', 'list/d/'] },
    ]);
    expect(await listPages(bucket, { delimiter: '/' })).toEqual([{ items: ['other.txt'], prefixes: ['list/'] }]);
  });

  it('includes a "directory" object that ends in the delimiter when asked', async () => {
    expect(await listPages(bucket, { prefix: 'list/', delimiter: '/', includeTrailingDelimiter: true })).toEqual([
      { items: ['list/a.txt', 'list/b/', 'list/c.txt', 'list/e.txt'], prefixes: ['list/b/', 'list/d/'] },
    ]);
  });

  it('pages with maxResults counting items and prefixes together, never repeating an entry', async () => {
    const pages = await listPages(bucket, { prefix: 'list/', delimiter: '/', maxResults: 2 });
    expect(pages).toEqual([
      { items: ['list/a.txt'], prefixes: ['list/b/'] },
      { items: ['list/c.txt'], prefixes: ['list/d/'] },
      { items: ['list/e.txt'], prefixes: [] },
    ]);
    const flat = await listPages(bucket, { prefix: 'list/', maxResults: 3 });
    expect(flat.map((p) => p.items)).toEqual([
      ['list/a.txt', 'list/b/', 'list/b/1.txt'], ['list/b/2.txt', 'list/c.txt', 'list/d/1.txt'], ['list/e.txt'],
    ]);
  });

  it('returns no nextPageToken when a page ends exactly at the last entry', async () => {
    const pages = await listPages(bucket, { prefix: 'list/b/', maxResults: 3 });
    expect(pages).toEqual([{ items: ['list/b/', 'list/b/1.txt', 'list/b/2.txt'], prefixes: [] }]);
  });

  it('orders by UTF-8 bytes, not UTF-16 code units', async () => {
    // U+FF21 is EF BC A1 in UTF-8 and U+1F600 is F0 9F 98 80: UTF-8 order puts U+FF21 first,
    // JavaScript's default string order the other way round.
    for (const name of ['utf/\u{1F600}', 'utf/\uFF21', 'utf/z']) await bucket.file(name).save('x', { resumable: false });
    const [files] = await bucket.getFiles({ prefix: 'utf/' });
    expect(files.map((f) => f.name)).toEqual(['utf/z', 'utf/\uFF21', 'utf/\u{1F600}']);
  });

  it('lists an empty result without items, and rejects a bad page token', async () => {
    const [files, , response] = await bucket.getFiles({ prefix: 'nothing/', autoPaginate: false });
    expect(files).toEqual([]);
    expect(response).not.toHaveProperty('items');
    expect(await gcsStatus(() => bucket.getFiles({ pageToken: 'not-a-token', autoPaginate: false }))).toBe(400);
  });
});
