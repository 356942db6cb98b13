// Run by fs-files.test.ts in separate processes: one contender in a cross-process race.
// It loads everything, says "ready", and writes when the parent says "go" on stdin.
import { Bucket, FsDriver, isStorageError } from '@faasade/core/storage';

const [root, key, id] = process.argv.slice(2) as [string, string, string];
const bucket = new Bucket(new FsDriver({ root }));
await bucket.exists('warm-up');
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
try {
  await bucket.put(key, `writer ${id}`, { ifNotExists: true, metadata: { writer: id } });
  process.stdout.write('won\n');
} catch (error) {
  process.stdout.write(isStorageError(error) ? `${error.code}\n` : `crash ${String(error)}\n`);
}
process.exit(0);
