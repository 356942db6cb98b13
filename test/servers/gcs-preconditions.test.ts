import { Storage, type Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGcsServer, type GcsServerHandle } from './gcs.js';
import { gcsStatus } from './gcs-test-helpers.js';

let gcs: GcsServerHandle;
let bucket: Bucket;

beforeAll(async () => {
  gcs = await startGcsServer({ mode: 'in-process' });
  await gcs.createBucket('conditions-test');
  bucket = new Storage(gcs.storageOptions).bucket('conditions-test');
});
afterAll(async () => {
  await gcs?.stop();
});

/** Saves `name` and returns its generation and metageneration as numbers. */
async function saved(name: string, data = 'data'): Promise<{ generation: number; metageneration: number }> {
  await bucket.file(name).save(data, { resumable: false });
  const [meta] = await bucket.file(name).getMetadata();
  return { generation: Number(meta.generation), metageneration: Number(meta.metageneration) };
}

describe('GCS test server: generation and metageneration preconditions', () => {
  it('on reads: a failed …Match is 412, a failed …NotMatch is 304', async () => {
    const { generation, metageneration } = await saved('read.txt');
    const file = bucket.file('read.txt');
    await expect(file.getMetadata({ ifGenerationMatch: generation })).resolves.toBeDefined();
    expect(await gcsStatus(() => file.getMetadata({ ifGenerationMatch: generation + 1 }))).toBe(412);
    expect(await gcsStatus(() => file.getMetadata({ ifMetagenerationMatch: metageneration + 1 }))).toBe(412);
    const notModified = await fetch(`${gcs.endpoint}/storage/v1/b/conditions-test/o/read.txt?alt=media&ifGenerationNotMatch=${generation}`);
    expect(notModified.status).toBe(304);
    const media = await fetch(`${gcs.endpoint}/storage/v1/b/conditions-test/o/read.txt?alt=media&ifGenerationMatch=${generation + 1}`);
    expect(media.status).toBe(412);
    expect(await media.json()).toMatchObject({ error: { code: 412, errors: [{ reason: 'conditionNotMet' }] } });
  });

  it('on metadata updates: ifMetagenerationMatch', async () => {
    const { metageneration } = await saved('patch.txt');
    const file = bucket.file('patch.txt');
    expect(await gcsStatus(() => file.setMetadata({ contentType: 'text/plain' }, { ifMetagenerationMatch: metageneration + 1 }))).toBe(412);
    const [updated] = await file.setMetadata({ contentType: 'text/plain' }, { ifMetagenerationMatch: metageneration });
    expect(updated).toMatchObject({ contentType: 'text/plain', metageneration: String(metageneration + 1) });
  });

  it('on deletes: ifGenerationMatch', async () => {
    const { generation } = await saved('delete.txt');
    const file = bucket.file('delete.txt');
    expect(await gcsStatus(() => file.delete({ ifGenerationMatch: generation + 1 }))).toBe(412);
    await file.delete({ ifGenerationMatch: generation });
    expect((await file.exists())[0]).toBe(false);
  });

  it('on copies: destination ifGenerationMatch: 0 and source ifSourceGenerationMatch', async () => {
    const source = await saved('copy-src.txt', 'source');
    await saved('copy-dst.txt', 'existing');
    expect(await gcsStatus(() => bucket.file('copy-src.txt').copy('copy-dst.txt', { preconditionOpts: { ifGenerationMatch: 0 } }))).toBe(412);
    expect((await bucket.file('copy-dst.txt').download())[0].toString()).toBe('existing');
    const rewrite = (ifSourceGenerationMatch: number) => fetch(
      `${gcs.endpoint}/storage/v1/b/conditions-test/o/copy-src.txt/rewriteTo/b/conditions-test/o/copy-new.txt?ifSourceGenerationMatch=${ifSourceGenerationMatch}`,
      { method: 'POST' },
    );
    expect((await rewrite(source.generation + 1)).status).toBe(412);
    expect((await rewrite(source.generation)).status).toBe(200);
  });

  it('only the live generation exists: asking for another one is a 404', async () => {
    const first = await saved('generations.txt', 'v1');
    await saved('generations.txt', 'v2');
    expect(await gcsStatus(() => bucket.file('generations.txt', { generation: first.generation }).download())).toBe(404);
  });

  it('rejects a non-numeric precondition with 400', async () => {
    await saved('bad.txt');
    const res = await fetch(`${gcs.endpoint}/storage/v1/b/conditions-test/o/bad.txt?ifGenerationMatch=abc`);
    expect(res.status).toBe(400);
  });
});
