import { afterAll, beforeAll, describe } from 'vitest';
import { Bucket, type StorageDriver } from '@faasade/core/storage';
import { suiteContext } from './context.js';
import type { StorageDriverHarness } from './types.js';
import { basicCases } from './cases/basic.js';
import { errorCases } from './cases/errors.js';
import { metadataCases } from './cases/metadata.js';
import { preconditionCases } from './cases/preconditions.js';
import { listingCases } from './cases/listing.js';
import { keyCases } from './cases/keys.js';
import { rangeCases } from './cases/ranges.js';
import { largeCases } from './cases/large.js';
import { concurrencyCases } from './cases/concurrency.js';
import { failureCases } from './cases/failures.js';
import { signedUrlCases } from './cases/signed-urls.js';

/**
 * The storage driver contract, like Go CDK's drivertest: the same cases for every
 * driver, through the portable `Bucket`. Call it in a vitest test file with a harness
 * for your driver; cases for capabilities the harness turns off are skipped, each with
 * its reason in the test name and on the console.
 *
 * @example
 * describeStorageDriver({
 *   name: 'memory',
 *   makeDriver: async () => new MemoryDriver(store),
 *   capabilities: { signedGetUrl: false, signedPutUrl: false },
 *   reasons: { signedGetUrl: 'memory objects have no URL', signedPutUrl: 'memory objects have no URL' },
 * });
 */
export function describeStorageDriver(harness: StorageDriverHarness): void {
  const title = harness.keyPrefix ? `${harness.name} (key prefix ${JSON.stringify(harness.keyPrefix)})` : harness.name;
  describe(`storage driver contract: ${title}`, () => {
    let driver: StorageDriver | undefined;
    let bucket: Bucket | undefined;
    const ctx = suiteContext(
      harness,
      () => bucket ?? failNotReady(),
      () => driver ?? failNotReady(),
    );

    beforeAll(async () => {
      driver = await harness.makeDriver();
      bucket = new Bucket(driver, harness.keyPrefix ? { prefix: harness.keyPrefix } : {});
    });
    afterAll(async () => {
      await bucket?.close();
      await harness.close?.();
    });

    basicCases(ctx);
    metadataCases(ctx);
    errorCases(ctx);
    preconditionCases(ctx);
    keyCases(ctx);
    listingCases(ctx);
    rangeCases(ctx);
    failureCases(ctx);
    concurrencyCases(ctx);
    signedUrlCases(ctx);
    largeCases(ctx);
  });
}

function failNotReady(): never {
  throw new Error('the storage suite used its bucket before beforeAll made it (did the harness makeDriver fail?)');
}
