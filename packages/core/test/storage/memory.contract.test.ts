// The suite is imported by path: @faasade/contract depends on this package, so it is not a dependency here.
import { describeStorageDriver, type StorageDriverHarness } from '../../../../test/contract/src/index.js';
import { createMemoryStore, MemoryDriver } from '@faasade/core/storage';

const NO_URL = 'memory objects are not reachable by URL';

function memoryHarness(keyPrefix?: string): StorageDriverHarness {
  const store = createMemoryStore();
  return {
    name: 'memory',
    ...(keyPrefix ? { keyPrefix } : {}),
    makeDriver: async () => new MemoryDriver(store),
    capabilities: { signedGetUrl: false, signedPutUrl: false, signedUrlEnforced: false },
    reasons: { signedGetUrl: NO_URL, signedPutUrl: NO_URL, signedUrlEnforced: NO_URL, nonexistentBucket: 'a memory bucket exists as soon as it is named' },
  };
}

describeStorageDriver(memoryHarness());
describeStorageDriver(memoryHarness('tenant-a/'));
