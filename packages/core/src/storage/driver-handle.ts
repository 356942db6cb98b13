import type { DriverCapabilities, StorageDriver } from './driver.js';
import { assertValidKey, MAX_KEY_BYTES } from './keys.js';
import { checkListText } from './options.js';
import { portableError, wrapDriverError, type CallSite } from './wrap-error.js';
import type { StorageError } from './errors.js';
import type { CallOptions } from './bucket-types.js';
import { deadlineAware } from '../reliability/deadline.js'; // reliability
import { retryPolicy, withRetries, type RetryOptions, type RetryPolicy } from '../reliability/retry.js';
import { storageTracing, traceStorageCall } from '../observability/storage-span.js';

/** A driver, or a way to get one on first use (so opening a bucket loads no SDK). */
export type DriverSource = StorageDriver | (() => Promise<StorageDriver>);

/**
 * What a `Bucket` does around every driver call, once: load the driver on first use,
 * refuse calls after close or abort, validate keys, add the key prefix, require
 * capabilities, wrap whatever the driver throws, and retry transient failures (see
 * `reliability/retry.ts`), so every driver gets the same rules.
 */
export class DriverHandle {
  readonly label: string;
  readonly prefix: string;
  closed = false;
  readonly #load: () => Promise<StorageDriver>;
  #driver: Promise<StorageDriver> | undefined;
  readonly #retry: RetryPolicy | undefined;

  constructor(source: DriverSource, prefix: string, label: string | undefined, retry?: RetryOptions | false) {
    this.#load = typeof source === 'function' ? source : () => Promise.resolve(source);
    this.prefix = prefix;
    this.label = label ?? (typeof source === 'function' ? 'bucket' : `${source.scheme}:`);
    const invalid = (message: string) => portableError('InvalidArgument', message, { operation: 'open', bucket: this.label });
    checkListText('prefix', prefix, invalid);
    this.#retry = retryPolicy(retry, invalid);
  }

  /** How this bucket retries; undefined when it does not. */
  get retry(): RetryPolicy | undefined {
    return this.#retry;
  }

  /** Runs one driver call: every failure leaves as one portable error. */
  call<T>(site: CallSite, run: (driver: StorageDriver) => Promise<T>): Promise<T> {
    // observability: a client span around the call when a tracer is registered (one property read otherwise).
    if (storageTracing()) return traceStorageCall({ operation: site.operation, bucket: this.label, key: site.key }, site.key === undefined ? undefined : this.full(site.key), () => this.#call(site, run));
    return this.#call(site, run);
  }

  #call<T>(site: CallSite, run: (driver: StorageDriver) => Promise<T>): Promise<T> {
    const attempt = () => this.#attempt(site, run);
    return this.#retry ? withRetries(attempt, this.#retry, site) : attempt(); // reliability: transient failures retried
  }

  async #attempt<T>(site: CallSite, run: (driver: StorageDriver) => Promise<T>): Promise<T> {
    if (this.closed) throw portableError('Closed', 'the bucket was closed', site);
    if (site.signal?.aborted) throw deadlineAware(portableError('Canceled', 'the signal was aborted before the call', site, site.signal.reason), site); // reliability: deadline → DeadlineExceeded
    let driver: StorageDriver | undefined;
    try {
      driver = await this.#loaded();
      return await run(driver);
    } catch (error) {
      throw this.portable(error, driver, site);
    }
  }

  /** What a caller sees of anything `driver` raised at `site`: one portable error, a deadline's abort as `DeadlineExceeded`. */
  portable(error: unknown, driver: StorageDriver | undefined, site: CallSite): StorageError {
    return deadlineAware(wrapDriverError(error, driver, site), site); // reliability: deadline → DeadlineExceeded
  }

  /** Marks the bucket closed and closes the driver if it was ever loaded. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const loaded = await this.#driver?.catch(() => undefined);
    if (loaded) await loaded.close().catch((error: unknown) => { throw wrapDriverError(error, loaded, this.site('close', {})); });
  }

  /** Where a call without a key happens. */
  site(operation: string, options: CallOptions): CallSite {
    return { operation, bucket: this.label, ...(options.signal ? { signal: options.signal } : {}) };
  }

  /** Where a call about one key happens; the key is validated here, before any driver sees it. */
  keySite(operation: string, key: unknown, options: CallOptions): CallSite {
    const site = this.site(operation, options);
    this.checkKey(key, site);
    site.key = key as string;
    return site;
  }

  /** Throws `InvalidArgument` unless `key` is valid, also with the prefix in front. */
  checkKey(key: unknown, site: CallSite): void {
    assertValidKey(key, site.operation, this.label);
    if (this.prefix && Buffer.byteLength(this.prefix + key) > MAX_KEY_BYTES) {
      throw portableError('InvalidArgument', `key with the bucket prefix is over ${MAX_KEY_BYTES} bytes`, { ...site, key });
    }
  }

  /** Throws `Unimplemented` for an option needing a capability the driver does not declare. */
  require(driver: StorageDriver, site: CallSite, ...needed: Array<keyof DriverCapabilities | undefined>): void {
    for (const capability of needed) {
      if (capability && !driver.capabilities[capability]) {
        throw portableError('Unimplemented', `the ${driver.scheme} driver does not support ${capability}`, site);
      }
    }
  }

  /** Builds `InvalidArgument` errors for this call. */
  invalid(site: CallSite): (message: string) => Error {
    return (message) => portableError('InvalidArgument', message, site);
  }

  /** The key as the driver names it. */
  full(key: string): string {
    return this.prefix + key;
  }

  #loaded(): Promise<StorageDriver> {
    // A failed load is retried on the next call (a package may be installed, a registration may follow).
    this.#driver ??= this.#load().catch((error: unknown) => { this.#driver = undefined; throw error; });
    return this.#driver;
  }
}

/** The driver options every call passes on: the signal, when there is one. */
export function callOptions(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
