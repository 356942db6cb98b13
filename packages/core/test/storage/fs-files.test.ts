import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Bucket, FsDriver } from '@faasade/core/storage';
import { expectCode, filesUnder, tempDir } from './helpers.js';

async function bucketIn(label: string) {
  const root = await tempDir(label);
  return { root, bucket: new Bucket(new FsDriver({ root })) };
}

function failingStream(): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < 20) controller.enqueue(new Uint8Array(64 * 1024).fill(7));
      else controller.error(new Error('network dropped'));
    },
  });
}

describe('fs driver: files on disk', () => {
  it('leaves no file behind when a body stream fails, and keeps the old version', async () => {
    const { root, bucket } = await bucketIn('fs-failed');
    await bucket.put('dir/kept', 'old');
    const before = await filesUnder(root);
    await expectCode(bucket.put('dir/kept', failingStream()), 'Canceled');
    await expectCode(bucket.put('dir/new', failingStream()), 'Canceled');
    expect(await filesUnder(root)).toEqual(before);
    expect(await bucket.getText('dir/kept')).toBe('old');
  });

  it('serves a file put into the root by hand as an object with a usable etag', async () => {
    const { root, bucket } = await bucketIn('fs-dropped');
    await writeFile(join(root, 'notes.txt'), 'dropped in');
    const keys: string[] = [];
    for await (const entry of bucket.list()) keys.push(entry.key);
    expect(keys).toEqual(['notes.txt']);
    const info = await bucket.head('notes.txt');
    expect(info).toMatchObject({ size: 10, contentType: 'application/octet-stream', metadata: {} });
    await bucket.put('notes.txt', 'replaced', { ifMatch: info.etag });
    expect(await bucket.getText('notes.txt')).toBe('replaced');
  });

  it('treats a missing root as a missing bucket unless asked to create it', async () => {
    const base = await tempDir('fs-missing');
    await expectCode(new Bucket(new FsDriver({ root: join(base, 'absent') })).put('k', 'x'), 'NotFound');
    const created = new Bucket(new FsDriver({ root: join(base, 'made', 'here'), create: true }));
    await created.put('k', 'x');
    expect(await created.getText('k')).toBe('x');
  });

  it('breaks a write lock left behind by a crashed writer', async () => {
    const { root, bucket } = await bucketIn('fs-stale-lock');
    await bucket.put('k', 'v1');
    const lock = join(root, 'k%lock');
    await writeFile(lock, '');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lock, longAgo, longAgo);
    await bucket.put('k', 'v2');
    expect(await bucket.getText('k')).toBe('v2');
  });

  it('keeps ifNotExists atomic between processes', async () => {
    const root = await tempDir('fs-processes');
    const child = fileURLToPath(new URL('./fs-race-child.ts', import.meta.url));
    const children = Array.from({ length: 5 }, (_, id) => {
      const process_ = spawn(process.execPath, ['--import', 'tsx', '--conditions', 'source', child, root, 'shared/key', String(id)], { stdio: ['pipe', 'pipe', 'inherit'] });
      return { process: process_, lines: createInterface({ input: process_.stdout })[Symbol.asyncIterator]() };
    });
    // Every contender is loaded and waiting before any may write, so the writes overlap.
    for (const { lines } of children) expect((await lines.next()).value).toBe('ready');
    for (const { process: contender } of children) contender.stdin.write('go\n');
    const outcomes = await Promise.all(children.map(async ({ process: contender, lines }) => {
      const outcome = (await lines.next()).value as string;
      if (contender.exitCode === null) await once(contender, 'exit');
      return outcome;
    }));
    expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'AlreadyExists')).toHaveLength(4);
    const winner = outcomes.indexOf('won');
    const bucket = new Bucket(new FsDriver({ root }));
    expect(await bucket.getText('shared/key')).toBe(`writer ${winner}`);
    expect((await bucket.head('shared/key')).metadata).toEqual({ writer: String(winner) });
  }, 60_000);
});
