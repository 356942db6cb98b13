import type { DriverCapabilities } from './driver.js';
import { checkContentType, checkExpiresIn, checkListText, checkPageSize, checkRange } from './options.js';
import type { PutBody } from './put-body.js';
import { preconditionCodes, preparePut } from './put-request.js';
import { portableBody } from './get-body.js';
import { resumableBody } from './resumable-body.js';
import { portableError, wrapDriverError } from './wrap-error.js';
import { readAllBytes } from './read-all.js';
import { callOptions, DriverHandle, type DriverSource } from './driver-handle.js';
import type { BucketOptions, CallOptions, CopyOptions, DeleteOptions, GetOptions, ListOptions, ListPageOptions, PutOptions, PutResult, SignedUrlOptions, StorageObject } from './bucket-types.js';
import type { ListEntry, ListPage, NativeHandle, ObjectInfo, SignedRequest } from './types.js';

export type { DriverSource } from './driver-handle.js';

/**
 * A bucket of objects, the same on every cloud. Get one with `bucket(name)` or
 * `openBucket(url)`; wrap your own driver with `new Bucket(driver)`.
 *
 * Every method validates its key and options, applies defaults, and rejects only with a
 * {@link StorageError} carrying a `code`, the key and the driver's error as `cause`.
 */
export class Bucket {
  readonly #handle: DriverHandle;

  constructor(driver: DriverSource, options: BucketOptions = {}) {
    this.#handle = new DriverHandle(driver, options.prefix ?? '', options.label, options.retry);
  }

  /**
   * Reads an object as a stream. Rejects with `NotFound` when it does not exist. A body
   * broken part-way by a transient failure goes on from the byte it reached (a ranged
   * read of the rest, within the bucket's retry policy), and only from the same version
   * of the object: if it changed meanwhile the stream errors with `PreconditionFailed`.
   */
  async get(key: string, options: GetOptions = {}): Promise<StorageObject> {
    const h = this.#handle;
    const site = h.keySite('get', key, options);
    const range = checkRange(options.range, h.invalid(site));
    return h.call(site, async (driver) => {
      if (range?.length === 0) return { info: { ...(await driver.head(h.full(key), callOptions(options))), key }, body: emptyBody() };
      const found = await driver.get(h.full(key), { ...callOptions(options), ...(range ? { range } : {}) });
      // reliability: a body broken part-way goes on from where it broke, if the object is unchanged.
      const body = resumableBody(found, {
        range, site, policy: h.retry,
        reopen: (rest) => driver.get(h.full(key), { ...callOptions(options), range: rest }),
        portable: (error) => h.portable(error, driver, site),
      });
      return { info: { ...found.info, key }, body };
    });
  }

  /**
   * Reads a whole object (or range) into memory. No byte reaches the caller before the
   * last one arrived, so a read that fails half-way is retried whole, like one that fails
   * before its first byte (a streamed `get` instead goes on from the byte it reached).
   */
  async getBytes(key: string, options: GetOptions = {}): Promise<Uint8Array> {
    const h = this.#handle;
    const site = h.keySite('get', key, options);
    const range = checkRange(options.range, h.invalid(site));
    return h.call(site, async (driver) => {
      if (range?.length === 0) {
        await driver.head(h.full(key), callOptions(options));
        return new Uint8Array(0);
      }
      const found = await driver.get(h.full(key), { ...callOptions(options), ...(range ? { range } : {}) });
      // Errors while reading reach the handle as the driver raised them, to be classified and retried there.
      return readAllBytes(portableBody(found.body, (error) => error as Error));
    });
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
      throw portableError('Unknown', 'the object is not valid JSON', this.#handle.keySite('getJson', key, options), error);
    }
  }

  /**
   * Writes an object. Streams are sent as they are read, never held whole. Readers see
   * the previous version or the whole new one; a failing body stream leaves nothing and
   * rejects with `Canceled`.
   */
  async put(key: string, body: PutBody, options: PutOptions = {}): Promise<PutResult> {
    const h = this.#handle;
    const site = h.keySite('put', key, options);
    const request = preparePut(body, options, h.invalid(site));
    if (request.adjust) site.adjust = request.adjust;
    // reliability: bytes and strings can be sent again; a stream is read once.
    site.replayable = request.source.bytes !== undefined;
    site.conflictCodes = request.conflictCodes;
    return h.call(site, async (driver) => {
      h.require(driver, site, ...request.needs);
      try {
        const { etag } = await driver.put(h.full(key), request.source, { ...callOptions(options), ...request.options });
        return { etag };
      } catch (error) {
        request.source.release(error);
        // The caller's stream failed: that is the caller's cancellation, whatever the driver made of it.
        if (request.source.streamError !== undefined) throw portableError('Canceled', 'the body stream failed; nothing was written', site, request.source.streamError);
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
    const h = this.#handle;
    return h.call(h.keySite('head', key, options), async (driver) => ({ ...(await driver.head(h.full(key), callOptions(options))), key }));
  }

  /** Whether an object exists. */
  async exists(key: string, options: CallOptions = {}): Promise<boolean> {
    const h = this.#handle;
    const site = h.keySite('exists', key, options);
    return h.call(site, async (driver) => {
      try {
        await driver.head(h.full(key), callOptions(options));
        return true;
      } catch (error) {
        if (wrapDriverError(error, driver, site).code === 'NotFound') return false;
        throw error;
      }
    });
  }

  /** Deletes an object. A missing one is fine unless `mustExist` is set. */
  async delete(key: string, options: DeleteOptions = {}): Promise<void> {
    const h = this.#handle;
    const mustExist = options.mustExist === true;
    const site = h.keySite('delete', key, options);
    if (mustExist) site.conflictCodes = ['NotFound']; // reliability: a retried delete may find its own first attempt done
    await h.call(site, async (driver) => {
      try {
        await driver.delete(h.full(key), { ...callOptions(options), mustExist });
      } catch (error) {
        if (!mustExist && wrapDriverError(error, driver, site).code === 'NotFound') return;
        throw error;
      }
    });
  }

  /** Copies an object within this bucket, with its content type and metadata. */
  async copy(dstKey: string, srcKey: string, options: CopyOptions = {}): Promise<PutResult> {
    const h = this.#handle;
    const site = h.keySite('copy', srcKey, options);
    h.checkKey(dstKey, site);
    const ifNotExists = options.ifNotExists === true;
    const adjust = preconditionCodes(ifNotExists, false);
    if (adjust) site.adjust = adjust;
    if (ifNotExists) site.conflictCodes = ['AlreadyExists'];
    return h.call(site, async (driver) => {
      h.require(driver, site, ifNotExists ? 'ifNotExists' : undefined);
      const { etag } = await driver.copy(h.full(dstKey), h.full(srcKey), { ...callOptions(options), ifNotExists });
      return { etag };
    });
  }

  /** One page of a listing; pass its `cursor` back for the next. */
  async listPage(options: ListPageOptions = {}): Promise<ListPage> {
    const h = this.#handle;
    const site = h.site('list', options);
    const invalid = h.invalid(site);
    const prefix = checkListText('prefix', options.prefix, invalid) ?? '';
    const delimiter = checkListText('delimiter', options.delimiter, invalid);
    const pageSize = checkPageSize(options.pageSize, invalid);
    const { cursor } = options;
    if (cursor !== undefined && (typeof cursor !== 'string' || cursor === '')) throw invalid('cursor must be a string from a previous page');
    return h.call(site, async (driver) => {
      const page = await driver.list({
        ...callOptions(options), prefix: h.full(prefix), pageSize,
        ...(delimiter === undefined ? {} : { delimiter }), ...(cursor === undefined ? {} : { cursor }),
      });
      const entries = page.entries
        .filter((entry) => entry.key.startsWith(h.prefix))
        .map((entry): ListEntry => ({ ...entry, key: entry.key.slice(h.prefix.length) }));
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

  /**
   * A URL that lets anyone holding it GET or PUT this key until it expires. For uploads
   * by someone else, prefer {@link Bucket.signedRequest}: some services need headers too.
   */
  async signedUrl(key: string, options: SignedUrlOptions = {}): Promise<string> {
    return (await this.#signed('signedUrl', key, options)).url;
  }

  /**
   * A signed URL with the method and the headers its client must send, the same on every
   * cloud: hand all three to the uploader (an HTML form or `fetch` in a browser).
   *
   * @example
   * const upload = await images.signedRequest(key, { method: 'PUT', contentType: 'image/png', expiresIn: 300 });
   * return json(upload); // the browser: fetch(upload.url, { method: upload.method, headers: upload.headers, body: file })
   */
  async signedRequest(key: string, options: SignedUrlOptions = {}): Promise<SignedRequest> {
    return this.#signed('signedRequest', key, options);
  }

  async #signed(operation: string, key: string, options: SignedUrlOptions): Promise<SignedRequest> {
    const h = this.#handle;
    const site = h.keySite(operation, key, {});
    const invalid = h.invalid(site);
    const method = options.method ?? 'GET';
    if (method !== 'GET' && method !== 'PUT') throw invalid('method must be GET or PUT');
    const expiresIn = checkExpiresIn(options.expiresIn ?? 3600, invalid);
    const contentType = options.contentType === undefined ? undefined : checkContentType(options.contentType, invalid);
    return h.call(site, async (driver) => {
      h.require(driver, site, method === 'GET' ? 'signedGetUrl' : 'signedPutUrl');
      const signed = await driver.signedUrl(h.full(key), { method, expiresIn, ...(contentType === undefined ? {} : { contentType }) });
      const { url, headers = {} } = typeof signed === 'string' ? { url: signed } : signed;
      return { url, method, headers: { ...headers, ...(contentType === undefined ? {} : { 'content-type': contentType }) } };
    });
  }

  /** The escape hatch: the driver's native client. Check `scheme` before using `client`. */
  async native(): Promise<NativeHandle> {
    return this.#handle.call(this.#handle.site('native', {}), async (driver) => ({ scheme: driver.scheme, client: await driver.native() }));
  }

  /** The driver's capabilities (loads the driver). */
  async capabilities(): Promise<DriverCapabilities> {
    return this.#handle.call(this.#handle.site('capabilities', {}), async (driver) => ({ ...driver.capabilities }));
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#handle.closed;
  }

  /** Releases the driver's connections. Later calls reject with `Closed`. */
  close(): Promise<void> {
    return this.#handle.close();
  }
}

function emptyBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start(controller) { controller.close(); } });
}
