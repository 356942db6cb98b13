import { randomUUID } from 'node:crypto';
import { StorageError, type StorageErrorCode } from '../../errors.js';
import type {
  DriverCapabilities, DriverCopyOptions, DriverDeleteOptions, DriverGetOptions, DriverListOptions, DriverObject,
  DriverPutBody, DriverPutOptions, DriverPutResult, StorageDriver,
} from '../../driver.js';
import type { ListEntry, ListPage, ObjectInfo } from '../../types.js';
import { pageOfKeys, sortKeys } from '../list-keys.js';

/** One stored object: immutable once stored, replaced whole by a write. */
interface StoredObject {
  bytes: Uint8Array;
  info: ObjectInfo;
}

/** The objects of one memory bucket; share one between drivers to share the bucket. */
export type MemoryStore = Map<string, StoredObject>;

/** Creates an empty store for {@link MemoryDriver}. */
export function createMemoryStore(): MemoryStore {
  return new Map();
}

// Small enough to interleave with other work, big enough not to cost per chunk.
const READ_CHUNK = 256 * 1024;

/**
 * Keeps objects in process memory, with the semantics of the cloud drivers: atomic
 * writes, preconditions, byte-ordered listings. For tests and local runs; nothing
 * survives the process. Signed URLs are not supported (nothing could serve them).
 */
export class MemoryDriver implements StorageDriver {
  readonly scheme = 'mem';
  readonly capabilities: DriverCapabilities = { ifNotExists: true, ifMatch: true, signedGetUrl: false, signedPutUrl: false };
  readonly #store: MemoryStore;

  constructor(store: MemoryStore = createMemoryStore()) {
    this.#store = store;
  }

  async head(key: string): Promise<ObjectInfo> {
    return copyInfo(this.#find(key).info);
  }

  async get(key: string, opts: DriverGetOptions): Promise<DriverObject> {
    // The stored bytes are never mutated, so this snapshot cannot change under the reader.
    const { bytes, info } = this.#find(key);
    const start = Math.min(opts.range?.offset ?? 0, bytes.byteLength);
    const end = opts.range?.length === undefined ? bytes.byteLength : Math.min(start + opts.range.length, bytes.byteLength);
    let at = start;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= end) return controller.close();
        const next = Math.min(at + READ_CHUNK, end);
        controller.enqueue(bytes.slice(at, next));
        at = next;
      },
    }, { highWaterMark: 0 });
    return { info: copyInfo(info), body };
  }

  async put(key: string, body: DriverPutBody, opts: DriverPutOptions): Promise<DriverPutResult> {
    // Copy even given bytes: the caller may reuse its array after put resolves.
    const bytes = body.bytes ? body.bytes.slice() : await collect(body.toWeb());
    opts.signal?.throwIfAborted();
    // Check and store with no await in between: that is what makes preconditions atomic here.
    this.#checkPreconditions(key, opts.ifNotExists, opts.ifMatch);
    const info: ObjectInfo = {
      key, size: bytes.byteLength, etag: `"${randomUUID()}"`, contentType: opts.contentType,
      metadata: { ...opts.metadata }, lastModified: new Date(),
      ...(opts.cacheControl === undefined ? {} : { cacheControl: opts.cacheControl }),
    };
    this.#store.set(key, { bytes, info });
    return { etag: info.etag };
  }

  async delete(key: string, opts: DriverDeleteOptions): Promise<void> {
    if (!this.#store.delete(key) && opts.mustExist) throw notFound(key);
  }

  async copy(dstKey: string, srcKey: string, opts: DriverCopyOptions): Promise<DriverPutResult> {
    const source = this.#find(srcKey);
    this.#checkPreconditions(dstKey, opts.ifNotExists, undefined);
    const info: ObjectInfo = { ...copyInfo(source.info), key: dstKey, etag: `"${randomUUID()}"`, lastModified: new Date() };
    this.#store.set(dstKey, { bytes: source.bytes, info });
    return { etag: info.etag };
  }

  async list(opts: DriverListOptions): Promise<ListPage> {
    const keys = sortKeys([...this.#store.keys()].filter((key) => key.startsWith(opts.prefix)));
    const page = pageOfKeys(keys, opts);
    const entries = page.entries.map((entry): ListEntry => {
      if (entry.type === 'prefix') return { type: 'prefix', key: entry.key };
      const { info } = this.#find(entry.key);
      return { type: 'object', key: entry.key, size: info.size, etag: info.etag, lastModified: new Date(info.lastModified) };
    });
    return page.cursor ? { entries, cursor: page.cursor } : { entries };
  }

  async signedUrl(): Promise<string> {
    throw new StorageError('Unimplemented', 'memory buckets cannot be reached by URL');
  }

  errorCode(error: unknown): StorageErrorCode {
    return error instanceof StorageError ? error.code : 'Unknown';
  }

  native(): MemoryStore {
    return this.#store;
  }

  async close(): Promise<void> {}

  #find(key: string): StoredObject {
    const found = this.#store.get(key);
    if (!found) throw notFound(key);
    return found;
  }

  #checkPreconditions(key: string, ifNotExists: boolean, ifMatch: string | undefined): void {
    const current = this.#store.get(key);
    if (ifNotExists && current) throw new StorageError('AlreadyExists', 'an object with this key exists');
    if (ifMatch !== undefined && current?.info.etag !== ifMatch) throw new StorageError('PreconditionFailed', 'the etag does not match');
  }
}

function notFound(key: string): StorageError {
  return new StorageError('NotFound', `no object ${JSON.stringify(key)}`);
}

function copyInfo(info: ObjectInfo): ObjectInfo {
  return { ...info, metadata: { ...info.metadata }, lastModified: new Date(info.lastModified) };
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
