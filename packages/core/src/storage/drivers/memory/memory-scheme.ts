import { StorageError } from '../../errors.js';
import type { StorageScheme } from '../../driver.js';
import { createMemoryStore, MemoryDriver, type MemoryStore } from './memory-driver.js';

// mem://name is one bucket per name for the whole process, like a named in-memory database.
const stores = new Map<string, MemoryStore>();

/**
 * `mem://name`: a bucket in process memory. Every `mem://` URL with the same name shares
 * its objects within the process. No parameters.
 */
export const memoryScheme: StorageScheme = {
  scheme: 'mem',
  open(url: URL) {
    for (const name of url.searchParams.keys()) throw new StorageError('InvalidArgument', `mem: unknown URL parameter "${name}"`);
    const name = url.host + url.pathname;
    let store = stores.get(name);
    if (!store) stores.set(name, (store = createMemoryStore()));
    return new MemoryDriver(store);
  },
};
