import { Readable } from 'node:stream';
import {
  MemoryDriver, type DriverCopyOptions, type DriverDeleteOptions, type DriverGetOptions, type DriverHeadOptions,
  type DriverListOptions, type DriverObject, type DriverPutBody, type DriverPutOptions, type DriverPutResult,
  type DriverSignedUrlOptions, type ListPage, type ObjectInfo, type StorageDriver, type StorageErrorCode,
} from '@faasade/core/storage';

/** What goes wrong with one driver call. */
export type Fault =
  /** The call goes through. */
  | 'ok'
  /** The connection fails before the service saw the request. */
  | 'reset-before'
  /** The service applied the request, then the connection failed before the answer arrived. */
  | 'reset-after'
  /** The service answers 429. */
  | 'throttled'
  /** (get) The body breaks after its first byte. */
  | 'reset-mid-body';

/** A socket error as Node raises it: the drivers classify `ECONNRESET` as `Unavailable`. */
export function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

/**
 * A memory driver with scripted failures: `faults.put = ['reset-after']` makes the next
 * put apply its write and then fail as a dropped connection would. Counts every call.
 */
export class FlakyDriver implements StorageDriver {
  readonly scheme = 'flaky';
  readonly inner = new MemoryDriver();
  readonly capabilities = this.inner.capabilities;
  readonly faults: Partial<Record<'head' | 'get' | 'put' | 'delete' | 'copy' | 'list', Fault[]>> = {};
  readonly calls: Record<string, number> = {};
  /** The range each get asked for (undefined: the whole object), in order. */
  readonly getRanges: Array<DriverGetOptions['range']> = [];
  /** Per get that answered with the store's body (not a scripted break): whether its reader cancelled it. */
  readonly bodies: Array<{ cancelled: boolean }> = [];
  /** Runs before each get reaches the store (the number counts gets from 1): a write between a break and a resume. */
  beforeGet: ((n: number) => Promise<void>) | undefined;

  async head(key: string, opts: DriverHeadOptions): Promise<ObjectInfo> {
    return this.#run('head', () => (this.inner as StorageDriver).head(key, opts));
  }

  async get(key: string, opts: DriverGetOptions): Promise<DriverObject> {
    this.getRanges.push(opts.range);
    await this.beforeGet?.(this.getRanges.length);
    const fault = this.faults.get?.[0];
    if (fault !== 'reset-mid-body') return this.#run('get', async () => this.#tracked(await this.inner.get(key, opts)));
    this.faults.get!.shift();
    this.#count('get');
    const found = await this.inner.get(key, opts);
    const bytes = Buffer.from(await new Response(found.body as ReadableStream<Uint8Array>).arrayBuffer());
    // One byte, then the connection drops.
    const body = new Readable({ read() { this.push(bytes.subarray(0, 1)); this.destroy(connectionReset()); } });
    return { info: found.info, body };
  }

  async put(key: string, body: DriverPutBody, opts: DriverPutOptions): Promise<DriverPutResult> {
    return this.#run('put', () => this.inner.put(key, body, opts));
  }

  async delete(key: string, opts: DriverDeleteOptions): Promise<void> {
    return this.#run('delete', () => this.inner.delete(key, opts));
  }

  async copy(dstKey: string, srcKey: string, opts: DriverCopyOptions): Promise<DriverPutResult> {
    return this.#run('copy', () => this.inner.copy(dstKey, srcKey, opts));
  }

  async list(opts: DriverListOptions): Promise<ListPage> {
    return this.#run('list', () => this.inner.list(opts));
  }

  signedUrl(key: string, opts: DriverSignedUrlOptions): ReturnType<StorageDriver['signedUrl']> {
    return (this.inner as StorageDriver).signedUrl(key, opts);
  }

  errorCode(error: unknown): StorageErrorCode {
    const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
    if (code === 'ECONNRESET') return 'Unavailable';
    if (status === 429) return 'ResourceExhausted';
    return this.inner.errorCode(error);
  }

  native(): unknown {
    return this.inner.native();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  // The memory driver's body, with a note of whether it was cancelled (a connection released).
  #tracked(found: DriverObject): DriverObject {
    const state = { cancelled: false };
    this.bodies.push(state);
    const reader = (found.body as ReadableStream<Uint8Array>).getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        state.cancelled = true;
        return reader.cancel(reason);
      },
    });
    return { info: found.info, body };
  }

  #count(operation: string): void {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
  }

  async #run<T>(operation: keyof FlakyDriver['faults'], call: () => Promise<T>): Promise<T> {
    this.#count(operation);
    const fault = this.faults[operation]?.shift();
    if (fault === 'reset-before') throw connectionReset();
    if (fault === 'throttled') throw Object.assign(new Error('Too Many Requests'), { status: 429 });
    const result = await call();
    if (fault === 'reset-after') throw connectionReset();
    return result;
  }
}
