import { watch, type FSWatcher } from 'node:fs';
import { lstat, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Bucket } from '@faasade/core/storage';
import { adoptDroppedFile } from './adopt-drop.js';
import { directoryBack, filesUnder, isDirectory } from './files-under.js';
import { readLayoutPath } from './fs-layout.js';

/** A change to one object, as the watcher saw it settle. */
export interface ObjectChange {
  kind: 'created' | 'deleted';
  key: string;
  size?: number;
  etag?: string;
  contentType?: string;
  /** ISO time the change was seen. */
  time: string;
}

/** What a {@link BucketWatcher} tells its owner. */
export interface BucketWatcherEvents {
  change(change: ObjectChange): void;
  /** Something the user should fix (a misplaced file, the directory gone); the watcher carries on. */
  problem(message: string): void;
  /** The directory is back after it disappeared. */
  recovered(): void;
}

/** Quiet time after the last file-system event before a path is looked at. */
const SETTLE_MS = 60;
const RECHECK_MISSING_ROOT_MS = 500;

/**
 * Turns a local bucket directory's file-system events into object events, whoever made
 * the change: a function writing through the storage API (the fs driver renames a
 * finished file into place), another process, or a person dropping a file in by hand.
 *
 * - Each path settles for {@link SETTLE_MS} after its last event, then is looked at once:
 *   a write of many chunks is one event, and a file that did not change (same inode, size
 *   and mtime) is none. Checks of one key run in order, so its events are ordered.
 * - The driver's sidecar, temporary and lock files are ignored. A file put in a plain
 *   folder (`uploads/cat.jpg`, where the layout has `uploads%/cat.jpg`) is uploaded
 *   through the storage API under the key its path names, with a content type from its
 *   extension, and the dropped copy removed: dropping files in works as people expect.
 * - Size, etag and content type come from the storage API's own `head`.
 * - Objects present at start are the baseline: no events for them, as in a cloud.
 * - A vanished directory is reported and polled for; events resume when it is back.
 */
export class BucketWatcher {
  readonly #dir: string;
  readonly #bucket: Bucket;
  readonly #events: BucketWatcherEvents;
  readonly #known = new Map<string, string>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #chains = new Map<string, Promise<void>>();
  readonly #reported = new Set<string>();
  #watcher: FSWatcher | undefined;
  #missing = false;
  #closed = false;

  constructor(dir: string, bucket: Bucket, events: BucketWatcherEvents) {
    this.#dir = dir;
    this.#bucket = bucket;
    this.#events = events;
  }

  /** Creates the directory if needed, records what is there, and starts watching. */
  async start(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    await this.#baseline();
    this.#watch();
  }

  /** Resolves once every path seen so far has been looked at (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.#timers.size > 0 || this.#chains.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      await Promise.all(this.#chains.values());
    }
  }

  close(): void {
    this.#closed = true;
    this.#watcher?.close();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #watch(): void {
    this.#watcher = watch(this.#dir, { recursive: true }, (_type, name) => {
      if (name === null || name === '') return this.#checkRoot();
      this.#schedule(String(name));
    });
    this.#watcher.on('error', () => this.#checkRoot());
  }

  #schedule(path: string): void {
    clearTimeout(this.#timers.get(path));
    this.#timers.set(path, setTimeout(() => {
      this.#timers.delete(path);
      this.#enqueue(path, () => this.#check(path));
    }, SETTLE_MS));
  }

  // One chain per path keeps the checks (and so the events) of one key in order.
  #enqueue(path: string, work: () => Promise<void>): void {
    const previous = this.#chains.get(path) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => this.#events.problem(`could not look at ${path}: ${(error as Error).message}`));
    this.#chains.set(path, next);
    void next.finally(() => {
      if (this.#chains.get(path) === next) this.#chains.delete(path);
    });
  }

  async #check(path: string): Promise<void> {
    if (this.#closed) return;
    const stats = await lstat(join(this.#dir, path)).catch(() => undefined);
    const layout = readLayoutPath(path, stats?.isDirectory() ?? false);
    if (layout.kind === 'internal') return;
    if (layout.kind === 'foreign') {
      if (stats?.isFile()) return this.#adopt(path, stats.size, stats.mtimeMs);
      if (stats?.isDirectory()) for (const file of await filesUnder(join(this.#dir, path))) this.#schedule(relative(this.#dir, file));
      return;
    }
    if (layout.kind === 'prefix') {
      // A folder appeared (look inside: its files may predate the watch) or went away.
      if (stats?.isDirectory()) for (const file of await filesUnder(join(this.#dir, path))) this.#schedule(relative(this.#dir, file));
      else for (const key of [...this.#known.keys()]) if (key.startsWith(layout.prefix)) await this.#removed(key);
      return;
    }
    if (!stats) return this.#removed(layout.key);
    if (!stats.isFile()) return;
    const signature = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    if (this.#known.get(layout.key) === signature) return;
    let info;
    try {
      info = await this.#bucket.head(layout.key);
    } catch {
      // Gone again before it could be read: a later event says so.
      return;
    }
    this.#known.set(layout.key, signature);
    this.#events.change({ kind: 'created', key: layout.key, size: info.size, etag: info.etag, contentType: info.contentType, time: new Date().toISOString() });
  }

  async #adopt(path: string, size: number, mtimeMs: number): Promise<void> {
    const outcome = await adoptDroppedFile(this.#bucket, this.#dir, path, { size, mtimeMs }, SETTLE_MS);
    if (outcome.status === 'growing') return this.#schedule(path);
    if (outcome.status === 'failed' && !this.#reported.has(path)) {
      this.#reported.add(path);
      this.#events.problem(`${join(this.#dir, path)} could not be stored as "${outcome.key}" (${outcome.error.message}); put it at the bucket's top level or in a folder named "<name>%"`);
    }
  }

  async #removed(key: string): Promise<void> {
    if (!this.#known.delete(key)) return;
    this.#events.change({ kind: 'deleted', key, time: new Date().toISOString() });
  }

  async #baseline(): Promise<void> {
    this.#known.clear();
    for (const file of await filesUnder(this.#dir)) {
      const path = relative(this.#dir, file);
      const layout = readLayoutPath(path, false);
      if (layout.kind !== 'object') continue;
      const stats = await lstat(file).catch(() => undefined);
      if (stats?.isFile()) this.#known.set(layout.key, `${stats.ino}:${stats.size}:${stats.mtimeMs}`);
    }
  }

  #checkRoot(): void {
    if (this.#closed || this.#missing) return;
    this.#missing = true;
    void isDirectory(this.#dir).then(async (present) => {
      if (present || this.#closed) {
        this.#missing = false;
        return;
      }
      this.#watcher?.close();
      this.#watcher = undefined;
      this.#events.problem(`bucket directory ${this.#dir} disappeared; create it again (mkdir -p "${this.#dir}") and events resume`);
      if (!(await directoryBack(this.#dir, RECHECK_MISSING_ROOT_MS, () => this.#closed))) return;
      await this.#baseline();
      this.#missing = false;
      this.#watch();
      this.#events.recovered();
    });
  }
}
