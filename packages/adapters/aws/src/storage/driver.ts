import type { S3Client } from '@aws-sdk/client-s3';
import type {
  DriverCapabilities, DriverCopyOptions, DriverDeleteOptions, DriverGetOptions, DriverHeadOptions, DriverListOptions,
  DriverObject, DriverPutBody, DriverPutOptions, DriverPutResult, DriverSignedUrlOptions, ListPage, ObjectInfo,
  StorageDriver, StorageErrorCode,
} from '@faasade/core/storage';
import { copyObject } from './copy.js';
import { s3ErrorCode } from './errors.js';
import { listObjects } from './list.js';
import { resolveS3Options, type ResolvedS3Options, type S3DriverOptions } from './options.js';
import { getObject, headObject } from './read.js';
import { openSession, type S3Session } from './session.js';
import { signedUrl } from './signed-url.js';
import { putObject } from './write.js';

/**
 * The Amazon S3 driver (and S3-compatible services) for the portable `Bucket`. Creating
 * one loads nothing: the AWS SDK is imported and the client created on the first call.
 * Applications normally open it by URL (`s3://bucket?region=…`, see `storageScheme`).
 *
 * @example
 * import { Bucket } from '@faasade/core/storage';
 * import { S3Driver } from '@faasade/aws/s3';
 * const photos = new Bucket(new S3Driver({ bucket: 'photos', clientConfig: { region: 'eu-west-1' } }));
 */
export class S3Driver implements StorageDriver {
  readonly scheme = 's3';
  readonly capabilities: DriverCapabilities;
  readonly #options: ResolvedS3Options;
  #session: Promise<S3Session> | undefined;
  #client: S3Client | undefined;

  /** Throws `InvalidArgument` for a bad bucket name or tuning value. */
  constructor(options: S3DriverOptions) {
    this.#options = resolveS3Options(options);
    this.#client = this.#options.client;
    const conditional = this.#options.conditionalWrites;
    this.capabilities = { ifNotExists: conditional, ifMatch: conditional, signedGetUrl: true, signedPutUrl: true };
  }

  /** Imports the SDK and creates the client now instead of on the first call. Contacts no server. */
  async connect(): Promise<S3Client> {
    return (await this.#connected()).client;
  }

  async head(key: string, opts: DriverHeadOptions): Promise<ObjectInfo> {
    return headObject(await this.#connected(), key, opts);
  }

  async get(key: string, opts: DriverGetOptions): Promise<DriverObject> {
    return getObject(await this.#connected(), key, opts);
  }

  async put(key: string, body: DriverPutBody, opts: DriverPutOptions): Promise<DriverPutResult> {
    return putObject(await this.#connected(), key, body, opts);
  }

  /** S3 deletes missing keys without complaint, so `mustExist` costs a HEAD first. */
  async delete(key: string, opts: DriverDeleteOptions): Promise<void> {
    const s3 = await this.#connected();
    if (opts.mustExist) await headObject(s3, key, opts);
    await s3.client.send(new s3.sdk.DeleteObjectCommand({ Bucket: s3.bucket, Key: key }), { abortSignal: opts.signal });
  }

  async copy(dstKey: string, srcKey: string, opts: DriverCopyOptions): Promise<DriverPutResult> {
    return copyObject(await this.#connected(), dstKey, srcKey, opts);
  }

  async list(opts: DriverListOptions): Promise<ListPage> {
    return listObjects(await this.#connected(), opts);
  }

  async signedUrl(key: string, opts: DriverSignedUrlOptions): Promise<string> {
    return signedUrl(await this.#connected(), key, opts);
  }

  errorCode(error: unknown): StorageErrorCode {
    return s3ErrorCode(error);
  }

  /**
   * The `S3Client`. Before the first call (and `connect()`) no client exists yet unless one
   * was injected; then this returns a promise of it. Buckets opened by URL are connected
   * when the driver is opened, so theirs is always ready.
   */
  native(): S3Client | Promise<S3Client> {
    return this.#client ?? this.connect();
  }

  /** Destroys the client the driver created (an injected one is left to its owner). */
  async close(): Promise<void> {
    const session = await this.#session?.catch(() => undefined);
    session?.destroy();
  }

  #connected(): Promise<S3Session> {
    // A failed start (missing SDK, no region) is retried by the next call.
    this.#session ??= openSession(this.#options).then((session) => {
      this.#client = session.client;
      return session;
    }, (error: unknown) => {
      this.#session = undefined;
      throw error;
    });
    return this.#session;
  }
}
