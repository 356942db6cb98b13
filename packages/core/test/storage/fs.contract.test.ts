// The suite is imported by path: @faasade/contract depends on this package, so it is not a dependency here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageDriver, type StorageDriverHarness } from '../../../../test/contract/src/index.js';
import { FsDriver, fsSignedUrlHandler } from '@faasade/core/storage';

// One temporary root per run; every driver the harness makes shares it, like one bucket.
const root = await mkdtemp(join(tmpdir(), 'faasade-fs-contract-'));

function fsHarness(keyPrefix?: string): StorageDriverHarness {
  const driver = () => new FsDriver({ root, signingSecret: 'contract-secret' });
  return {
    name: 'fs',
    ...(keyPrefix ? { keyPrefix } : {}),
    makeDriver: async () => driver(),
    makeDriverForNonexistentBucket: async () => new FsDriver({ root: join(root, 'no', 'such', 'bucket') }),
    // What the local runtime does with these URLs: serve them through the driver's handler.
    fetchSignedUrl: async (url, request) => {
      const headers = { ...request.headers, ...(request.contentType ? { 'content-type': request.contentType } : {}) };
      const response = await fsSignedUrlHandler(driver())(new Request(url, { method: request.method, headers, ...(request.body ? { body: request.body } : {}) }));
      return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
    },
    close: keyPrefix ? undefined : async () => { await rm(root, { recursive: true, force: true }); },
  };
}

describeStorageDriver(fsHarness('tenant-a/'));
describeStorageDriver(fsHarness());
