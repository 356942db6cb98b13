import type { DriverCapabilities, StorageDriver } from '@faasade/core/storage';

/** What the suite may rely on: the driver's capabilities plus what the service behind it enforces. */
export interface StorageSuiteCapabilities extends DriverCapabilities {
  /** The service refuses expired or tampered signed URLs (s3rver accepts any signature). */
  signedUrlEnforced: boolean;
  /**
   * The service replaces an object atomically: concurrent writers leave one whole version
   * and a reader never sees a mix (s3rver writes objects in place, metadata apart).
   */
  atomicOverwrite: boolean;
}

/** A request sent to a signed URL, as an HTTP client would send it. */
export interface SignedUrlRequest {
  method: 'GET' | 'PUT';
  body?: Uint8Array;
  /** The content type to send (also present in `headers` when set). */
  contentType?: string;
  /** Every header `Bucket.signedRequest` said the client must send; send them as given. */
  headers?: Record<string, string>;
}

/** What came back from a signed URL. */
export interface SignedUrlResponse {
  status: number;
  body: Uint8Array;
}

/**
 * One driver under test, like Go CDK's drivertest harness. The suite wraps each driver in
 * a `Bucket` and uses keys under a fresh prefix per case, so the bucket need not be empty.
 */
export interface StorageDriverHarness {
  /** Shown in test names, for example `s3 against s3rver 3.7.1`. */
  name: string;
  /**
   * A driver for the test bucket, which must exist. Called more than once (one driver is
   * closed by a case); every call addresses the same bucket.
   */
  makeDriver(): Promise<StorageDriver>;
  /** A driver for a bucket that does not exist. Omit where buckets cannot be missing (memory); those cases are skipped with `reasons.nonexistentBucket`. */
  makeDriverForNonexistentBucket?(): Promise<StorageDriver>;
  /** Runs every case with this bucket key prefix (`BucketOptions.prefix`), like Go CDK's prefixed memblob run. */
  keyPrefix?: string;
  /**
   * What the suite may assume; each missing entry defaults to true. May be stricter than
   * the driver declares (a server that ignores a feature), never looser: a case checks that.
   */
  capabilities?: Partial<StorageSuiteCapabilities>;
  /** Why a capability is off, printed when its cases are skipped. */
  reasons?: Partial<Record<keyof StorageSuiteCapabilities | 'nonexistentBucket' | 'keys', string>>;
  /**
   * Keys the service behind the driver cannot store, for an emulator's limits (a driver
   * must escape what its real service cannot store). Cases leave such keys out and print
   * which, with `reasons.keys`; a case whose only key is one of them is skipped.
   */
  unstorableKey?(key: string): boolean;
  /** Sends a request to a signed URL. Default: `fetch` (for http and https URLs). */
  fetchSignedUrl?(url: string, request: SignedUrlRequest): Promise<SignedUrlResponse>;
  /** Size of the large streamed object; default 50 MiB plus an odd tail. */
  largeObjectBytes?: number;
  /** Stops what the harness started; called after all cases. */
  close?(): Promise<void>;
}
