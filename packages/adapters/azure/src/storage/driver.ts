/**
 * The Azure Blob Storage driver: one container, block blobs, `@azure/storage-blob`
 * loaded on the first call.
 */
import { Readable } from 'node:stream';
import type { ContainerClient } from '@azure/storage-blob';
import type {
  DriverCapabilities, DriverCopyOptions, DriverDeleteOptions, DriverGetOptions, DriverHeadOptions, DriverListOptions,
  DriverObject, DriverPutBody, DriverPutOptions, DriverPutResult, DriverSignedUrlOptions, ListPage, ObjectInfo,
  StorageDriver, StorageErrorCode,
} from '@faasade/core/storage';
import { toBlobName } from './blob-names.js';
import { makeContainerClient, signsWithSharedKey, type AzureBlobTarget } from './client.js';
import { azureErrorCode, azureStatus } from './errors.js';
import { listPage } from './list.js';
import { toObjectInfo } from './object-info.js';
import { loadBlobSdk, loadedBlobSdk } from './sdk.js';
import { uploadBlockBlob, type UploadTuning } from './upload.js';

/** Options of {@link AzureBlobDriver}: where the container is, plus upload tuning. */
export type AzureBlobDriverOptions = AzureBlobTarget & Partial<UploadTuning>;

const MiB = 1024 * 1024;

/**
 * A {@link StorageDriver} for one Azure Blob Storage container. Usually made by the
 * `azblob://` scheme; construct it directly to inject a client, for example for Azurite.
 *
 * @example
 * const driver = new AzureBlobDriver({ connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING!, container: 'photos' });
 * const photos = openBucket(driver); // or register `storageScheme` and use `azblob://photos`
 */
export class AzureBlobDriver implements StorageDriver {
  readonly scheme = 'azblob';
  /** Preconditions always; signed URLs only when requests are signed with an account key. */
  readonly capabilities: DriverCapabilities;
  readonly #target: AzureBlobTarget;
  readonly #tuning: UploadTuning;
  #client: ContainerClient | undefined;
  #blocksClient: ContainerClient | undefined;

  constructor(options: AzureBlobDriverOptions) {
    const { blockSize = 8 * MiB, concurrency = 5, singleShotMaxBytes = 32 * MiB, ...target } = options;
    this.#target = target as AzureBlobTarget;
    this.#tuning = { blockSize, concurrency, singleShotMaxBytes };
    const signs = signsWithSharedKey(this.#target);
    this.capabilities = { ifNotExists: true, ifMatch: true, signedGetUrl: signs, signedPutUrl: signs };
    if ('containerClient' in this.#target) this.#client = this.#target.containerClient;
  }

  async head(key: string, opts: DriverHeadOptions): Promise<ObjectInfo> {
    const blob = (await this.#container()).getBlobClient(toBlobName(key));
    return toObjectInfo(key, await blob.getProperties({ abortSignal: opts.signal }));
  }

  async get(key: string, opts: DriverGetOptions): Promise<DriverObject> {
    const blob = (await this.#container()).getBlobClient(toBlobName(key));
    const { offset = 0, length } = opts.range ?? {};
    try {
      const res = await blob.download(offset, length, { abortSignal: opts.signal });
      return { info: toObjectInfo(key, res), body: res.readableStreamBody as Readable ?? Readable.from([]) };
    } catch (err) {
      // 416: the offset is at or past the end. The contract wants an empty body then.
      if (opts.range === undefined || azureStatus(err) !== 416) throw err;
      return { info: await this.head(key, opts), body: Readable.from([]) };
    }
  }

  async put(key: string, body: DriverPutBody, opts: DriverPutOptions): Promise<DriverPutResult> {
    // An upload in staged blocks (a stream, or bytes over the single-shot size) keeps the
    // SDK's retries for its blocks, which the portable layer cannot resend one by one;
    // not when conditional, where a resent commit could meet its own first attempt.
    const inBlocks = body.bytes === undefined || body.bytes.byteLength > this.#tuning.singleShotMaxBytes;
    const conditional = opts.ifNotExists || opts.ifMatch !== undefined;
    const container = inBlocks && !conditional ? await this.#blocksContainer() : await this.#container();
    return uploadBlockBlob(container.getBlockBlobClient(toBlobName(key)), body, opts, this.#tuning);
  }

  async delete(key: string, opts: DriverDeleteOptions): Promise<void> {
    const blob = (await this.#container()).getBlobClient(toBlobName(key));
    const options = { abortSignal: opts.signal, deleteSnapshots: 'include' as const };
    await (opts.mustExist ? blob.delete(options) : blob.deleteIfExists(options));
  }

  /**
   * Copy Blob within the account: the service copies data, properties and metadata, and
   * authorizes the source with the same credential. Same-account copies usually finish
   * at once; otherwise the copy is polled until done.
   */
  async copy(dstKey: string, srcKey: string, opts: DriverCopyOptions): Promise<DriverPutResult> {
    const container = await this.#container();
    const source = container.getBlobClient(toBlobName(srcKey));
    const target = container.getBlobClient(toBlobName(dstKey));
    const poller = await target.beginCopyFromURL(source.url, {
      conditions: opts.ifNotExists ? { ifNoneMatch: '*' } : undefined,
      abortSignal: opts.signal,
      intervalInMs: 200,
    });
    const { etag } = await poller.pollUntilDone();
    return { etag: etag ?? '' };
  }

  async list(opts: DriverListOptions): Promise<ListPage> {
    return listPage(await this.#container(), opts);
  }

  /** A service SAS for this one blob: read for GET, create + write for PUT (send `x-ms-blob-type: BlockBlob`). */
  async signedUrl(key: string, opts: DriverSignedUrlOptions): Promise<string> {
    const { BlobSASPermissions } = await loadBlobSdk();
    const blob = (await this.#container()).getBlobClient(toBlobName(key));
    return blob.generateSasUrl({
      permissions: BlobSASPermissions.parse(opts.method === 'GET' ? 'r' : 'cw'),
      expiresOn: new Date(Date.now() + opts.expiresIn * 1000),
    });
  }

  errorCode(error: unknown): StorageErrorCode {
    return azureErrorCode(error);
  }

  /**
   * The `ContainerClient`. Before the first call of a driver that makes its own client,
   * and only if nothing has loaded the SDK yet, this is a promise of it.
   */
  native(): ContainerClient | Promise<ContainerClient> {
    return this.#client ?? this.#sdkClient() ?? this.#container();
  }

  async close(): Promise<void> {
    // The SDK's HTTP client has no handles to release: its sockets idle out by themselves.
  }

  async #container(): Promise<ContainerClient> {
    if (this.#client) return this.#client;
    this.#client = makeContainerClient(await loadBlobSdk(), this.#target);
    return this.#client;
  }

  async #blocksContainer(): Promise<ContainerClient> {
    this.#blocksClient ??= makeContainerClient(await loadBlobSdk(), this.#target, true);
    return this.#blocksClient;
  }

  #sdkClient(): ContainerClient | undefined {
    const sdk = loadedBlobSdk();
    if (sdk) this.#client = makeContainerClient(sdk, this.#target);
    return this.#client;
  }
}
