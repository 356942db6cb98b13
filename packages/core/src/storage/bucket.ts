import type { DriverCapabilities, StorageDriver } from './driver.js';
import type { StorageErrorCode } from './errors.js';
import { assertValidKey, MAX_KEY_BYTES } from './keys.js';
import { checkCacheControl, checkContentType, checkExpiresIn, checkListText, checkMetadata, checkPageSize, checkRange } from './options.js';
import { PutBodySource, type PutBody } from './put-body.js';
import { portableBody } from './get-body.js';
import { portableError, wrapDriverError, type CallSite } from './wrap-error.js';
import { readAllBytes } from './read-all.js';
import type { BucketOptions, CallOptions, CopyOptions, DeleteOptions, GetOptions, ListOptions, ListPageOptions, PutOptions, PutResult, SignedUrlOptions, StorageObject } from './bucket-types.js';
import type { ListEntry, ListPage, NativeHandle, ObjectInfo } from './types.js';

/** A driver, or a way to get one on first use (so opening a bucket loads no SDK). */
export type DriverSource = StorageDriver | (() => Promise<StorageDriver>);

/**
 * A bucket of objects, the same on every cloud. Get one with `bucket(name)` or
 * `openBucket(url)`; wrap your own driver with `new Bucket(driver)`.
 *
 * Every method validates its key and options, applies defaults, and rejects only with a
 * {@link StorageError} carrying a `code`, the key and the driver's error as `cause`.
 */
export class Bucket {
  readonly #load: () => Promise<StorageDriver>;
  #driver: Promise<StorageDriver> | undefined;
  #closed = false;
  readonly #prefix: string;
  readonly #label: string;

  constructor(driver: DriverSource, options: BucketOptions = {}) {
    this.#load = typeof driver === 'function' ? driver : () => Promise.resolve(driver);
    this.#prefix = options.prefix ?? '';
    this.#label = options.label ?? (typeof driver === 'function' ? 'bucket' : `${driver.scheme}:`);
    checkListText('prefix', this.#prefix, (message) => portableError('InvalidArgument', message, { operation: 'open', bucket: this.#label }));
  }

  /** Reads an object as a stream. Rejects with `NotFound` when it does not exist. */
  async get(key: string, options: GetOptions = {}): Promise<StorageObject> {
    const site = this.#keySite('get', key, options);
    const range = checkRange(options.range, this.#invalid(site));
    return this.#call(site, async (driver) => {
      if (range?.length === 0) return { info: { ...(await driver.head(this.#full(key), this.#call0(options))), key }, body: emptyBody() };
      const found = await driver.get(this.#full(key), { ...this.#call0(options), ...(range ? { range } : {}) });
      const body = portableBody(found.body, (error) => wrapDriverError(error, driver, site));
      return { info: { ...found.info, key }, body };
    });
  }

  /** Reads a whole object (or range) into memory. */
  async getBytes(key: string, options: GetOptions = {}): Promise<Uint8Array> {
    const { body } = await this.get(key, options);
    return readAllBytes(body);
  }

  /** Reads an object as UTF-8 text. */
  async getText(key: string, options: GetOptions = {}): Promise<string> {
    return new TextDecoder().decode(await this.getBytes(key, options));
  }

  /** Reads and parses a JSON object. Invalid JSON rejects with code `Unknown` and the SyntaxError as cause. */
  async getJson<T = unknown>(key: string, options: CallOptions = {}): Promise<T> {
    const text = await this.getText(key, options);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw portableError('Unknown', 'the object is not valid JSON', this.#keySite('getJson', key, options), error);
    }
  }

  /**
   * Writes an object. Streams are sent as they are read, never held whole. Readers see
   * the previous version or the whole new one; a failing body stream leaves nothing and
   * rejects with `Canceled`.
   */
  async put(key: string, body: PutBody, options: PutOptions = {}): Promise<PutResult> {
    const site = this.#keySite('put', key, options);
    const invalid = this.#invalid(site);
    const source = PutBodySource.from(body);
    if (!source) throw invalid('body must be a Uint8Array, ArrayBuffer, string, ReadableStream or Node Readable');
    const contentType = options.contentType === undefined
      ? (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream')
      : checkContentType(options.contentType, invalid);
    const metadata = checkMetadata(options.metadata, invalid);
    const cacheControl = options.cacheControl === undefined ? undefined : checkCacheControl(options.cacheControl, invalid);
    const ifNotExists = options.ifNotExists === true;
    const ifMatch = options.ifMatch;
    if (ifMatch !== undefined && (typeof ifMatch !== 'string' || ifMatch === '')) throw invalid('ifMatch must be a non-empty etag');
    if (ifNotExists && ifMatch !== undefined) throw invalid('ifNotExists and ifMatch cannot be combined');
    site.adjust = preconditionCodes(ifNotExists, ifMatch !== undefined);
    return this.#call(site, async (driver) => {
      this.#require(driver, site, ifNotExists ? 'ifNotExists' : undefined, ifMatch !== undefined ? 'ifMatch' : undefined);
      try {
        const result = await driver.put(this.#full(key), source, {
          ...this.#call0(options), contentType, metadata, ifNotExists,
          ...(cacheControl === undefined ? {} : { cacheControl }), ...(ifMatch === undefined ? {} : { ifMatch }),
        });
        return { etag: result.etag };
      } catch (error) {
        source.release(error);
        if (source.streamError !== undefined) throw portableError('Canceled', 'the body stream failed; nothing was written', site, source.streamError);
        throw error;
      }
    });
  }

  /** Writes a value as JSON (`application/json`). */
  putJson(key: string, value: unknown, options: PutOptions = {}): Promise<PutResult> {
    return this.put(key, JSON.stringify(value), { contentType: 'application/json', ...options });
  }

  /** An object's info without its body. Rejects with `NotFound` when it does not exist. */
  async head(key: string, options: CallOptions = {}): Promise<ObjectInfo> {
    const site = this.#keySite('head', key, options);
    return this.#call(site, async (driver) => ({ ...(await driver.head(this.#full(key), this.#call0(options))), key }));
  }

  /** Whether an object exists. */
  async exists(key: string, options: CallOptions = {}): Promise<boolean> {
    const site = this.#keySite('exists', key, options);
    return this.#call(site, async (driver) => {
      try {
        await driver.head(this.#full(key), this.#call0(options));
        return true;
      } catch (error) {
        if (wrapDriverError(error, driver, site).code === 'NotFound') return false;
        throw error;
      }
    });
  }

  /** Deletes an object. A missing one is fine unless `mustExist` is set. */
  async delete(key: string, options: DeleteOptions = {}): Promise<void> {
    const mustExist = options.mustExist === true;
    const site = this.#keySite('delete', key, options);
    await this.#call(site, async (driver) => {
      try {
        await driver.delete(this.#full(key), { ...this.#call0(options), mustExist });
      } catch (error) {
        if (!mustExist && wrapDriverError(error, driver, site).code === 'NotFound') return;
        throw error;
      }
    });
  }

  /** Copies an object within this bucket, with its content type and metadata. */
  async copy(dstKey: string, srcKey: string, options: CopyOptions = {}): Promise<PutResult> {
    const site = this.#keySite('copy', srcKey, options);
    this.#checkKey(dstKey, site);
    const ifNotExists = options.ifNotExists === true;
    site.adjust = preconditionCodes(ifNotExists, false);
    return this.#call(site, async (driver) => {
      this.#require(driver, site, ifNotExists ? 'ifNotExists' : undefined);
      const result = await driver.copy(this.#full(dstKey), this.#full(srcKey), { ...this.#call0(options), ifNotExists });
      return { etag: result.etag };
    });
  }

  /** One page of a listing; pass its `cursor` back for the next. */
  async listPage(options: ListPageOptions = {}): Promise<ListPage> {
    const site = this.#site('list', options);
    const invalid = this.#invalid(site);
    const prefix = checkListText('prefix', options.prefix, invalid) ?? '';
    const delimiter = checkListText('delimiter', options.delimiter, invalid);
    const pageSize = checkPageSize(options.pageSize, invalid);
    if (options.cursor !== undefined && (typeof options.cursor !== 'string' || options.cursor === '')) throw invalid('cursor must be a string from a previous page');
    return this.#call(site, async (driver) => {
      const page = await driver.list({
        ...this.#call0(options), prefix: this.#prefix + prefix, pageSize,
        ...(delimiter === undefined ? {} : { delimiter }), ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      });
      const entries = page.entries
        .filter((entry) => entry.key.startsWith(this.#prefix))
        .map((entry): ListEntry => ({ ...entry, key: entry.key.slice(this.#prefix.length) }));
      return page.cursor ? { entries, cursor: page.cursor } : { entries };
    });
  }

  /** Every entry of a listing, fetched page by page as it is iterated. */
  async *list(options: ListOptions = {}): AsyncGenerator<ListEntry, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.listPage(cursor === undefined ? options : { ...options, cursor });
      yield* page.entries;
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  /** A URL that lets anyone holding it GET or PUT this key until it expires. */
  async signedUrl(key: string, options: SignedUrlOptions = {}): Promise<string> {
    const site = this.#keySite('signedUrl', key, {});
    const invalid = this.#invalid(site);
    const method = options.method ?? 'GET';
    if (method !== 'GET' && method !== 'PUT') throw invalid('method must be GET or PUT');
    const expiresIn = checkExpiresIn(options.expiresIn ?? 3600, invalid);
    const contentType = options.contentType === undefined ? undefined : checkContentType(options.contentType, invalid);
    return this.#call(site, async (driver) => {
      this.#require(driver, site, method === 'GET' ? 'signedGetUrl' : 'signedPutUrl');
      return driver.signedUrl(this.#full(key), { method, expiresIn, ...(contentType === undefined ? {} : { contentType }) });
    });
  }

  /** The escape hatch: the driver's native client. Check `scheme` before using `client`. */
  async native(): Promise<NativeHandle> {
    const site = this.#site('native', {});
    return this.#call(site, async (driver) => ({ scheme: driver.scheme, client: driver.native() }));
  }

  /** The driver's capabilities (loads the driver). */
  async capabilities(): Promise<DriverCapabilities> {
    return this.#call(this.#site('capabilities', {}), async (driver) => ({ ...driver.capabilities }));
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Releases the driver's connections. Later calls reject with `Closed`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const driver = this.#driver;
    if (!driver) return;
    const site = this.#site('close', {});
    const loaded = await driver.catch(() => undefined);
    if (loaded) await loaded.close().catch((error: unknown) => { throw wrapDriverError(error, loaded, site); });
  }

  async #call<T>(site: CallSite, run: (driver: StorageDriver) => Promise<T>): Promise<T> {
    if (this.#closed) throw portableError('Closed', 'the bucket was closed', site);
    if (site.signal?.aborted) throw portableError('Canceled', 'the signal was aborted before the call', site, site.signal.reason);
    let driver: StorageDriver | undefined;
    try {
      driver = await this.#driverOnce();
      return await run(driver);
    } catch (error) {
      throw wrapDriverError(error, driver, site);
    }
  }

  #driverOnce(): Promise<StorageDriver> {
    // A failed load is retried on the next call (a missing package may be installed, a registration may follow).
    this.#driver ??= this.#load().catch((error: unknown) => { this.#driver = undefined; throw error; });
    return this.#driver;
  }

  #site(operation: string, options: CallOptions): CallSite {
    return { operation, bucket: this.#label, ...(options.signal ? { signal: options.signal } : {}) };
  }

  /** A call about one key: the key is validated here, once, before any driver sees it. */
  #keySite(operation: string, key: unknown, options: CallOptions): CallSite {
    const site = this.#site(operation, options);
    this.#checkKey(key, site);
    site.key = key as string;
    return site;
  }

  #checkKey(key: unknown, site: CallSite): void {
    assertValidKey(key, site.operation, this.#label);
    if (this.#prefix && Buffer.byteLength(this.#prefix + key) > MAX_KEY_BYTES) {
      throw this.#invalid({ ...site, key })(`key with the bucket prefix is over ${MAX_KEY_BYTES} bytes`);
    }
  }

  #require(driver: StorageDriver, site: CallSite, ...needed: Array<keyof DriverCapabilities | undefined>): void {
    for (const capability of needed) {
      if (capability && !driver.capabilities[capability]) {
        throw portableError('Unimplemented', `the ${driver.scheme} driver does not support ${capability}`, site);
      }
    }
  }

  #invalid(site: CallSite) {
    return (message: string) => portableError('InvalidArgument', message, site);
  }

  #full(key: string): string {
    return this.#prefix + key;
  }

  #call0(options: CallOptions): { signal?: AbortSignal } {
    return options.signal ? { signal: options.signal } : {};
  }
}

/** Precondition codes differ per service; callers get one answer per option. */
function preconditionCodes(ifNotExists: boolean, ifMatch: boolean): ((code: StorageErrorCode) => StorageErrorCode) | undefined {
  if (ifNotExists) return (code) => (code === 'PreconditionFailed' ? 'AlreadyExists' : code);
  if (ifMatch) return (code) => (code === 'AlreadyExists' || code === 'NotFound' ? 'PreconditionFailed' : code);
  return undefined;
}

function emptyBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start(controller) { controller.close(); } });
}
