import { randomBytes } from 'node:crypto';
import { it } from 'vitest';
import type { Bucket, StorageDriver } from '@faasade/core/storage';
import type { SignedUrlRequest, SignedUrlResponse, StorageDriverHarness, StorageSuiteCapabilities } from './types.js';

type Capability = keyof StorageSuiteCapabilities;

/** What every group of cases gets from the suite. */
export interface SuiteContext {
  harness: StorageDriverHarness;
  /** The bucket under test (with the harness's key prefix); valid inside tests. */
  bucket(): Bucket;
  /** The driver inside `bucket()`. */
  driver(): StorageDriver;
  /** A fresh key prefix for one case, so cases never see each other's objects. */
  prefix(name: string): string;
  capabilities: StorageSuiteCapabilities;
  /** Registers a case needing these capabilities, or a skip naming the reason. */
  needs(capability: Capability | Capability[], name: string, fn: () => Promise<void>, timeout?: number): void;
  /** Registers a case needing a nonexistent bucket, or a skip naming the reason. */
  needsMissingBucket(name: string, fn: () => Promise<void>): void;
  fetchSignedUrl(url: string, request: SignedUrlRequest): Promise<SignedUrlResponse>;
  /** The keys the harness's service can store; prints the others with the reason. */
  storable(keys: readonly string[]): string[];
  /** Registers a case using `sampleKey`, or a skip naming the reason when the service cannot store it. */
  needsKey(sampleKey: string, name: string, fn: () => Promise<void>): void;
}

const ALL: StorageSuiteCapabilities = { ifNotExists: true, ifMatch: true, signedGetUrl: true, signedPutUrl: true, signedUrlEnforced: true, atomicOverwrite: true };

/** Builds the context; `getBucket` is read lazily because the bucket is made in `beforeAll`. */
export function suiteContext(harness: StorageDriverHarness, getBucket: () => Bucket, getDriver: () => StorageDriver): SuiteContext {
  const capabilities = { ...ALL, ...harness.capabilities };
  const run = randomBytes(4).toString('hex');
  let counter = 0;
  const skip = (name: string, reason: string) => {
    console.log(`[contract] ${harness.name}: skipping "${name}": ${reason}`);
    it.skip(`${name} — skipped: ${reason}`, () => {});
  };
  return {
    harness,
    bucket: getBucket,
    driver: getDriver,
    capabilities,
    prefix: (name) => `contract-${run}/${String(++counter).padStart(3, '0')}-${name.replace(/[^a-z0-9]+/gi, '-')}/`,
    needs(needed, name, fn, timeout) {
      const missing = (Array.isArray(needed) ? needed : [needed]).find((capability) => !capabilities[capability]);
      if (missing === undefined) it(name, fn, timeout);
      else skip(name, harness.reasons?.[missing] ?? `the driver does not support ${missing}`);
    },
    needsMissingBucket(name, fn) {
      if (harness.makeDriverForNonexistentBucket) it(name, fn);
      else skip(name, harness.reasons?.nonexistentBucket ?? 'the harness has no nonexistent bucket');
    },
    fetchSignedUrl: harness.fetchSignedUrl?.bind(harness) ?? fetchWithFetch,
    storable(keys) {
      const unstorable = keys.filter((key) => harness.unstorableKey?.(key));
      if (unstorable.length > 0) {
        const shown = unstorable.map((key) => JSON.stringify(key.length > 60 ? `${key.slice(0, 57)}...` : key)).join(', ');
        console.log(`[contract] ${harness.name}: leaving out keys ${shown}: ${harness.reasons?.keys ?? 'the service cannot store them'}`);
      }
      return keys.filter((key) => !unstorable.includes(key));
    },
    needsKey(sampleKey, name, fn) {
      if (harness.unstorableKey?.(sampleKey)) skip(name, harness.reasons?.keys ?? 'the service cannot store its key');
      else it(name, fn);
    },
  };
}

async function fetchWithFetch(url: string, request: SignedUrlRequest): Promise<SignedUrlResponse> {
  const headers: Record<string, string> = { ...request.headers, ...(request.contentType ? { 'content-type': request.contentType } : {}) };
  const response = await fetch(url, { method: request.method, headers, ...(request.body ? { body: request.body } : {}) });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}
