import { openBucket } from '@faasade/core/storage';
import { firstLine } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { BucketBinding } from './bindings.js';
import { BucketWatcher, type ObjectChange } from './bucket-watcher.js';

/**
 * Starts watching a local bucket's directory, passing its changes to `deliver` and its
 * problems to the reporter; undefined (with a notice) for a bucket that is no directory,
 * or (with a problem) one that cannot be watched.
 */
export async function watchBucket(binding: BucketBinding, deliver: (binding: BucketBinding, change: ObjectChange) => void, reporter: Reporter): Promise<BucketWatcher | undefined> {
  if (!binding.dir) {
    reporter.notice(`bucket ${binding.name} → ${binding.source}: not a directory; events fire for writes through the storage API from this process (its cloud notifies deployed functions of the rest)`, { event: 'bucket', bucket: binding.name, url: binding.source });
    return undefined;
  }
  const watcher = new BucketWatcher(binding.dir, openBucket(binding.url), {
    change: (change) => deliver(binding, change),
    problem: (message) => reporter.problem('BucketUnavailable', `bucket ${binding.name}: ${message}`),
    recovered: () => reporter.notice(`bucket ${binding.name}: ${binding.dir} is back; events resume`, { event: 'bucket-recovered', bucket: binding.name }),
  });
  try {
    await watcher.start();
    return watcher;
  } catch (error) {
    reporter.problem('BucketUnavailable', `bucket ${binding.name}: cannot watch ${binding.dir} (${firstLine(error)}); check the path and its permissions`);
    return undefined;
  }
}

