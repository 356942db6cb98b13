import { mkdir, realpath, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StorageError, type StorageErrorCode } from '../../errors.js';
import type {
  DriverCapabilities, DriverCopyOptions, DriverDeleteOptions, DriverGetOptions, DriverListOptions, DriverObject, DriverPutBody,
  DriverPutOptions, DriverPutResult, DriverSignedUrlOptions, StorageDriver,
} from '../../driver.js';
import type { ListEntry, ListPage, ObjectInfo, SignedUrlMethod } from '../../types.js';
import { pageOfKeys, sortKeys } from '../list-keys.js';
import { fsErrorCode, hasErrno } from './fs-errors.js';
import { withKeyLock } from './key-lock.js';
import { keyPath } from './names.js';
import { fileBody, objectPaths, openObject, statObject, type ObjectPaths } from './object-files.js';
import { existingDir } from './safe-dirs.js';
import { signingSecret, signUrl, verifyUrl, type SignedGrant } from './signed-url.js';
import { keysUnder } from './walk.js';
import { commitObject, copyHandleTo, writeBodyTo } from './write-object.js';

/** How an {@link FsDriver} is set up. */
export interface FsDriverOptions {
  /** The bucket's directory; relative paths resolve against the working directory. */
  root: string;
  /** Create the directory on first use. Otherwise a missing directory is a missing bucket (`NotFound`). */
  create?: boolean;
  /**
   * Where signed URLs point: the address of whatever serves them with
   * `fsSignedUrlHandler` (for example the dev server). Default: the root's `file:` URL.
   */
  signedUrlBase?: string;
  /** Key for signing URLs. Default: `FAASADE_SIGNING_SECRET`, else a random key for this process. */
  signingSecret?: string | Uint8Array;
  /** Current time in milliseconds, for testing expiry. Default `Date.now`. */
  clock?: () => number;
}

/**
 * Objects as files under a directory: the embedded default and the local stand-in for
 * the clouds, with the same semantics. Writes go to a temporary file renamed into place
 * (readers see the old or the whole new object); content type, cache control and
 * metadata live in a sidecar file beside the object; preconditions hold across
 * processes (a lock file per key); keys never lead outside the root (names.ts, safe-dirs.ts).
 * The file layout is described in names.ts. Keys differing only in case collide on
 * case-insensitive file systems (macOS, Windows defaults).
 */
export class FsDriver implements StorageDriver {
  readonly scheme = 'file';
  readonly capabilities: DriverCapabilities = { ifNotExists: true, ifMatch: true, signedGetUrl: true, signedPutUrl: true };
  readonly #root: string;
  readonly #options: FsDriverOptions;
  #realRoot: Promise<string> | undefined;

  constructor(options: FsDriverOptions) {
    this.#root = resolve(options.root);
    this.#options = options;
  }

  async head(key: string): Promise<ObjectInfo> {
    return statObject(await this.#existingPaths(key), key);
  }

  async get(key: string, opts: DriverGetOptions): Promise<DriverObject> {
    const { handle, info } = await openObject(await this.#existingPaths(key), key);
    const start = Math.min(opts.range?.offset ?? 0, info.size);
    const end = opts.range?.length === undefined ? info.size : Math.min(start + opts.range.length, info.size);
    return { info, body: fileBody(handle, start, end) };
  }

  async put(key: string, body: DriverPutBody, opts: DriverPutOptions): Promise<DriverPutResult> {
    const fields = { contentType: opts.contentType, metadata: opts.metadata, ...(opts.cacheControl === undefined ? {} : { cacheControl: opts.cacheControl }) };
    const pre = { ifNotExists: opts.ifNotExists, ...(opts.ifMatch === undefined ? {} : { ifMatch: opts.ifMatch }) };
    return commitObject(await this.#ready(), key, (tmp) => writeBodyTo(tmp, body, opts.signal), fields, pre, () => this.#now());
  }

  async delete(key: string, opts: DriverDeleteOptions): Promise<void> {
    let paths: ObjectPaths;
    try {
      paths = await this.#existingPaths(key);
    } catch (error) {
      if (hasErrno(error, 'ENOENT') && !opts.mustExist) return;
      throw error;
    }
    await withKeyLock(paths.lock, async () => {
      // Data first: once it is gone the object is gone, whatever happens to the sidecar.
      await rm(paths.data, { force: !opts.mustExist });
      await rm(paths.sidecar, { force: true });
    });
  }

  async copy(dstKey: string, srcKey: string, opts: DriverCopyOptions): Promise<DriverPutResult> {
    const source = await openObject(await this.#existingPaths(srcKey), srcKey);
    try {
      const { contentType, cacheControl, metadata } = source.info;
      const fields = { contentType, metadata, ...(cacheControl === undefined ? {} : { cacheControl }) };
      return await commitObject(await this.#ready(), dstKey, (tmp) => copyHandleTo(source.handle, tmp, opts.signal), fields, { ifNotExists: opts.ifNotExists }, () => this.#now());
    } finally {
      await source.handle.close();
    }
  }

  async list(opts: DriverListOptions): Promise<ListPage> {
    const realRoot = await this.#ready();
    const keys = sortKeys((await keysUnder(realRoot, opts.prefix)).filter((key) => key.startsWith(opts.prefix)));
    const page = pageOfKeys(keys, opts);
    const entries = await Promise.all(page.entries.map(async (entry): Promise<ListEntry | undefined> => {
      if (entry.type === 'prefix') return { type: 'prefix', key: entry.key };
      try {
        const info = await statObject(this.#paths(realRoot, entry.key), entry.key);
        return { type: 'object', key: entry.key, size: info.size, etag: info.etag, lastModified: info.lastModified };
      } catch (error) {
        // Deleted since the directory was read: no longer part of the listing.
        if (hasErrno(error, 'ENOENT')) return undefined;
        throw error;
      }
    }));
    const found = entries.filter((entry): entry is ListEntry => entry !== undefined);
    return page.cursor ? { entries: found, cursor: page.cursor } : { entries: found };
  }

  async signedUrl(key: string, opts: DriverSignedUrlOptions): Promise<string> {
    const realRoot = await this.#ready();
    const expires = Math.floor(this.#now() / 1000) + opts.expiresIn;
    const grant = { method: opts.method, key, expires, ...(opts.contentType === undefined ? {} : { contentType: opts.contentType }) };
    return signUrl(this.#signedUrlBase(realRoot), grant, realRoot, signingSecret(this.#options.signingSecret));
  }

  /**
   * Checks a URL made by `signedUrl` for a request with `method` (and, for PUT, the
   * request's content type). Returns the granted key (bucket prefix included, as this
   * driver names it); rejects with `PermissionDenied` when expired, forged or for another
   * method. This is what whatever serves these URLs calls (see `fsSignedUrlHandler`).
   */
  async verifySignedUrl(url: string, method: SignedUrlMethod, contentType?: string): Promise<SignedGrant> {
    const realRoot = await this.#ready();
    const grant = verifyUrl(url, method, this.#signedUrlBase(realRoot), realRoot, signingSecret(this.#options.signingSecret), this.#now());
    if (grant.contentType !== undefined && grant.contentType !== contentType) {
      throw new StorageError('PermissionDenied', `the URL was signed for content type ${grant.contentType}`);
    }
    return grant;
  }

  errorCode(error: unknown): StorageErrorCode {
    return fsErrorCode(error);
  }

  /** The root directory's path. */
  native(): string {
    return this.#root;
  }

  async close(): Promise<void> {}

  /** The key's files, after checking the way there exists and has no link. */
  async #existingPaths(key: string): Promise<ObjectPaths> {
    const realRoot = await this.#ready();
    const target = keyPath(key);
    return objectPaths(await existingDir(realRoot, target.dirs), target.name);
  }

  #paths(realRoot: string, key: string): ObjectPaths {
    const target = keyPath(key);
    return objectPaths(join(realRoot, ...target.dirs), target.name);
  }

  #ready(): Promise<string> {
    this.#realRoot ??= this.#resolveRoot().catch((error: unknown) => { this.#realRoot = undefined; throw error; });
    return this.#realRoot;
  }

  async #resolveRoot(): Promise<string> {
    try {
      if (this.#options.create) await mkdir(this.#root, { recursive: true });
      const real = await realpath(this.#root);
      if (!(await stat(real)).isDirectory()) throw new StorageError('NotFound', `bucket directory ${this.#root} is not a directory`);
      return real;
    } catch (error) {
      if (hasErrno(error, 'ENOENT')) throw new StorageError('NotFound', `bucket directory ${this.#root} does not exist`, { cause: error });
      throw error;
    }
  }

  #signedUrlBase(realRoot: string): string {
    return this.#options.signedUrlBase ?? `${pathToFileURL(realRoot).href}/`;
  }

  #now(): number {
    return (this.#options.clock ?? Date.now)();
  }
}
