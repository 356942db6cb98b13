/** Idempotency on the in-process backends: the memory driver and the fs driver (1,000 duplicates each). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { Bucket, FsDriver, MemoryDriver } from '@faasade/core/storage';
import { describeIdempotency } from './idempotency-suite.js';

const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))); });

describeIdempotency({ name: 'the memory driver', makeBucket: async () => new Bucket(new MemoryDriver()), duplicates: 1000, crashLeaseMs: 200 });

describeIdempotency({
  name: 'the fs driver',
  makeBucket: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faasade-idem-'));
    dirs.push(dir);
    return new Bucket(new FsDriver({ root: dir }));
  },
  duplicates: 1000,
  crashLeaseMs: 500,
});
