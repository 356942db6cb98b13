import type { Bucket } from '@google-cloud/storage';
import {
  StorageError, type DriverCapabilities, type DriverCopyOptions, type DriverDeleteOptions, type DriverGetOptions,
  type DriverHeadOptions, type DriverListOptions, type DriverObject, type DriverPutBody, type DriverPutOptions,
  type DriverPutResult, type DriverSignedUrlOptions, type ListPage, type ObjectInfo, type StorageDriver, type StorageErrorCode,
} from '@faasade/core/storage';
import { untilAborted } from './abort.js';
import { fastCrc32cGenerator } from './crc32c.js';
import { openObject } from './download.js';
import { gcsErrorCode } from './errors.js';
import { listObjects } from './list.js';
import { keyOf, objectName } from './names.js';
import { formatEtag, toObjectInfo, versionOf, type GcsObjectResource } from './object-info.js';
import type { GcsDriverOptions } from './options.js';
import { loadedGcsSdk, loadGcsSdk, type GcsSdk } from './sdk.js';
import { canSignUrls, signUrl } from './signing.js';
import { isResumable, uploadObject } from './upload.js';

/**
 * The Google Cloud Storage driver, built on `@google-cloud/storage` (imported on the first
 * call, never before). Use it through `openBucket('gs://name')` or `new Bucket(new GcsDriver(…))`.
 *
 * Etags are `<generation>.<metageneration>`, so `ifMatch` is enforced by the service with
 * `ifGenerationMatch` + `ifMetagenerationMatch`; `ifNotExists` is `ifGenerationMatch=0`.
 * Streams (and bytes over 8 MiB) upload as resumable uploads, smaller bytes as one
 * multipart request; reads are pinned to the generation their metadata came from. CRC32C
 * checks run on every upload and whole-object download.
 *
 * @example
 * import { Bucket } from '@faasade/core/storage';
 * import { GcsDriver } from '@faasade/gcp/gcs';
 * const images = new Bucket(new GcsDriver({ bucket: 'images', clientOptions: { projectId: 'demo' } }));
 */
export class GcsDriver implements StorageDriver {
  readonly scheme = 'gs';
  readonly #options: GcsDriverOptions;
  #bucket: Bucket | undefined;
  #resumable: Bucket | undefined;
  #capabilities: DriverCapabilities | undefined;

  constructor(options: GcsDriverOptions) {
    if (typeof options.bucket !== 'string' && typeof options.bucket?.file !== 'function') {
      throw new StorageError('InvalidArgument', 'GcsDriver: bucket must be a bucket name or a @google-cloud/storage Bucket', { operation: 'open' });
    }
    this.#options = options;
    if (typeof options.bucket !== 'string') this.#bucket = options.bucket;
  }

  /** Preconditions always; signed URLs when the credentials can sign (see `GcsDriverOptions.signedUrls`). */
  get capabilities(): DriverCapabilities {
    if (!this.#capabilities) {
      const signing = canSignUrls(this.#options);
      this.#capabilities = { ifNotExists: true, ifMatch: true, signedGetUrl: signing, signedPutUrl: signing };
    }
    return this.#capabilities;
  }

  async head(key: string, opts: DriverHeadOptions): Promise<ObjectInfo> {
    const bucket = await this.#open();
    const [resource] = await untilAborted(bucket.file(objectName(key)).getMetadata(), opts.signal);
    return toObjectInfo(key, resource);
  }

  async get(key: string, opts: DriverGetOptions): Promise<DriverObject> {
    const found = await openObject(await this.#open(), objectName(key), opts);
    return { info: { ...found.info, key }, body: found.body };
  }

  async put(key: string, body: DriverPutBody, opts: DriverPutOptions): Promise<DriverPutResult> {
    // A resumable upload (a stream, or large bytes) keeps the SDK's retries, which resume
    // from what the service has, where the portable layer could only start over (and
    // cannot at all for a stream); not when conditional, where a resent request could
    // meet its own first attempt as a conflict.
    const unconditional = !opts.ifNotExists && opts.ifMatch === undefined;
    const bucket = unconditional && isResumable(body) ? await this.#resumableBucket() : await this.#open();
    return uploadObject(bucket, objectName(key), body, opts);
  }

  async delete(key: string, opts: DriverDeleteOptions): Promise<void> {
    const bucket = await this.#open();
    await untilAborted(bucket.file(objectName(key)).delete({ ignoreNotFound: !opts.mustExist }), opts.signal);
  }

  /**
   * A server-side rewrite: data, content type, cache control and metadata travel with it.
   * Within one bucket GCS finishes it in one call; the SDK follows a rewrite token if not.
   */
  async copy(dstKey: string, srcKey: string, opts: DriverCopyOptions): Promise<DriverPutResult> {
    const bucket = await this.#open();
    const destination = bucket.file(objectName(dstKey));
    const [, response] = await untilAborted(
      bucket.file(objectName(srcKey)).copy(destination, opts.ifNotExists ? { preconditionOpts: { ifGenerationMatch: 0 } } : {}),
      opts.signal,
    );
    const resource = (response as { resource?: GcsObjectResource } | undefined)?.resource;
    if (resource?.generation !== undefined) return { etag: formatEtag(versionOf(resource)) };
    const [metadata] = await destination.getMetadata();
    return { etag: formatEtag(versionOf(metadata)) };
  }

  async list(opts: DriverListOptions): Promise<ListPage> {
    const page = await listObjects(await this.#open(), opts);
    for (const entry of page.entries) if (entry.type === 'object') entry.key = keyOf(entry.key);
    return page;
  }

  async signedUrl(key: string, opts: DriverSignedUrlOptions): Promise<string> {
    return signUrl(await this.#open(), objectName(key), opts);
  }

  errorCode(error: unknown): StorageErrorCode {
    return gcsErrorCode(error);
  }

  /**
   * The SDK `Bucket`. Before the driver's first call, and only if nothing has loaded the
   * SDK yet, this is a promise of it (the SDK is imported then); a driver opened from a
   * `gs://` URL, or given a `Bucket`, always answers at once.
   */
  native(): Bucket | Promise<Bucket> {
    if (this.#bucket) return this.#bucket;
    const sdk = loadedGcsSdk();
    return sdk ? this.#create(sdk) : this.#open();
  }

  /** The SDK keeps no sockets of its own beyond Node's global agent, so there is nothing to release. */
  async close(): Promise<void> {
    this.#bucket = undefined;
    this.#resumable = undefined;
  }

  async #open(): Promise<Bucket> {
    if (this.#bucket) return this.#bucket;
    const sdk = await loadGcsSdk();
    return this.#bucket ?? this.#create(sdk); // a concurrent first call may have made it meanwhile
  }

  #create(sdk: GcsSdk): Bucket {
    this.#bucket = this.#client(sdk, false);
    return this.#bucket;
  }

  async #resumableBucket(): Promise<Bucket> {
    if (typeof this.#options.bucket !== 'string' || this.#options.storage) return this.#open(); // injected: as configured
    this.#resumable ??= this.#client(await loadGcsSdk(), true);
    return this.#resumable;
  }

  /**
   * The SDK `Bucket` for the named bucket. A client made here does not retry
   * (`retryOptions.autoRetry: false`) unless `clientOptions.retryOptions` or `sdkRetries`
   * say so: the portable layer retries whole calls within the caller's deadline, and the
   * SDK retrying inside each would multiply attempts. An injected client keeps its own.
   */
  #client(sdk: GcsSdk, sdkRetries: boolean): Bucket {
    const name = this.#options.bucket as string;
    const { clientOptions } = this.#options;
    const retry = sdkRetries || clientOptions?.retryOptions ? {} : { retryOptions: { autoRetry: false } };
    // The SDK's own CRC32C caps transfers at ~30 MB/s; ours keeps the same checks (an injected client keeps its own).
    const storage = this.#options.storage ?? new sdk.Storage({ crc32cGenerator: fastCrc32cGenerator, ...retry, ...clientOptions });
    return storage.bucket(name);
  }
}
