/**
 * The storage contract suite for the S3 driver, against s3rver 3.7.1 started here, once
 * plain and once with a key prefix. What s3rver does not do as S3 does is declared, so
 * those cases skip (or leave keys out) printing why; they hold on AWS S3:
 * - it ignores If-None-Match / If-Match on PUT, so the driver runs with
 *   `conditionalWrites: false` and the precondition cases skip;
 * - it accepts any signature (it does check expiry);
 * - it writes an object in place and its metadata in a second file, so concurrent
 *   writers can leave a mix and a reader can see a half-written object;
 * - it keeps each key as a file path, so it cannot store keys with `.` or `..` segments,
 *   empty segments (`a//b`, `/a`) or segments over 232 bytes (it crashes on those).
 */
import { afterAll, beforeAll } from 'vitest';
import { describeStorageDriver } from '@faasade/contract';
import { S3Driver } from '@faasade/aws/s3';
import { startS3rver, type S3rverHandle } from '../servers/s3rver.js';

const BUCKET = 'contract';
let s3: S3rverHandle;

beforeAll(async () => {
  s3 = await startS3rver();
  await s3.createBucket(BUCKET);
});
afterAll(async () => { await s3?.stop(); });

const IGNORES_CONDITIONS = 's3rver 3.7.1 ignores If-None-Match and If-Match on PUT (AWS S3 enforces them), so the driver runs with conditionalWrites: false';

// s3rver stores `<bucket>/<segment>/…/<last>._S3rver_metadata.json`: path.join folds dot and
// empty segments, and a file name may have 255 bytes, 23 of them s3rver's suffix.
function s3rverCannotStore(key: string): boolean {
  const segments = key.split('/');
  return segments.some((segment, i) => segment === '.' || segment === '..' || Buffer.byteLength(segment) > 232
    || (segment === '' && i < segments.length - 1));
}

for (const keyPrefix of [undefined, 'tenant a/']) {
  describeStorageDriver({
    name: 's3 against s3rver 3.7.1',
    makeDriver: async () => new S3Driver({ bucket: BUCKET, clientConfig: s3.clientConfig, conditionalWrites: false }),
    makeDriverForNonexistentBucket: async () => new S3Driver({ bucket: 'no-such-bucket', clientConfig: s3.clientConfig, conditionalWrites: false }),
    ...(keyPrefix ? { keyPrefix } : {}),
    capabilities: { ifNotExists: false, ifMatch: false, signedUrlEnforced: false, atomicOverwrite: false },
    unstorableKey: s3rverCannotStore,
    reasons: {
      ifNotExists: IGNORES_CONDITIONS,
      ifMatch: IGNORES_CONDITIONS,
      signedUrlEnforced: 's3rver 3.7.1 does not verify SigV4 signatures (it does check expiry)',
      atomicOverwrite: 's3rver 3.7.1 writes an object in place and its metadata in a second file, so concurrent writers and readers see mixes (AWS S3 replaces objects atomically)',
      keys: 's3rver 3.7.1 keeps keys as file paths: no dot or empty segments, none over 232 bytes (AWS S3 stores any key)',
    },
  });
}
