import { randomUUID } from 'node:crypto';
import { linkSync, openSync, unlink } from 'node:fs';
import { join } from 'node:path';
import { GcsError, noSuchBucket, noSuchObject } from './errors.js';
import { METADATA_FIELDS, type ObjectMetadata } from './object-metadata.js';
import { checkWrite, type Preconditions } from './preconditions.js';

/** One live object: its metadata in memory, its bytes in an immutable file. */
export interface StoredObject extends ObjectMetadata {
  readonly bucket: string;
  readonly name: string;
  readonly generation: number;
  readonly metageneration: number;
  readonly size: number;
  /** Absent for composed objects, as on GCS. */
  readonly md5Hash?: string;
  readonly crc32c: string;
  readonly componentCount?: number;
  readonly timeCreated: Date;
  readonly updated: Date;
  /** Never written after commit: a new generation gets a new file. */
  readonly dataPath: string;
}

export interface BucketRecord {
  readonly name: string;
  readonly timeCreated: Date;
  readonly objects: Map<string, StoredObject>;
}

/** What an upload, copy or compose hands to {@link GcsStore.commit}. */
export type NewObject = Omit<StoredObject, 'generation' | 'metageneration' | 'timeCreated' | 'updated'>;

/**
 * Buckets and objects of the test GCS server. Every change that depends on a
 * precondition is checked and applied synchronously, so on Node's single thread two
 * racing writers cannot both pass `ifGenerationMatch`.
 */
export class GcsStore {
  private readonly buckets = new Map<string, BucketRecord>();
  private lastGeneration = 0;

  constructor(private readonly dataDir: string) {}

  /** A fresh path in the data directory for an upload to stream into. */
  newDataPath(): string {
    return join(this.dataDir, randomUUID());
  }

  createBucket(name: string): BucketRecord {
    if (this.buckets.has(name)) {
      throw new GcsError(409, 'conflict', 'Your previous request to create the named bucket succeeded and you already own it.', 'BucketAlreadyOwnedByYou');
    }
    const record: BucketRecord = { name, timeCreated: new Date(), objects: new Map() };
    this.buckets.set(name, record);
    return record;
  }

  bucket(name: string): BucketRecord {
    const record = this.buckets.get(name);
    if (!record) throw noSuchBucket(name);
    return record;
  }

  listBuckets(): BucketRecord[] {
    return [...this.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  deleteBucket(name: string): void {
    if (this.bucket(name).objects.size > 0) {
      throw new GcsError(409, 'conflict', 'The bucket you tried to delete is not empty.', 'BucketNotEmpty');
    }
    this.buckets.delete(name);
  }

  /** The live object, or a 404 (missing bucket and missing object are told apart). */
  get(bucket: string, name: string): StoredObject {
    const object = this.bucket(bucket).objects.get(name);
    if (!object) throw noSuchObject(bucket, name);
    return object;
  }

  find(bucket: string, name: string): StoredObject | undefined {
    return this.bucket(bucket).objects.get(name);
  }

  /**
   * Makes `input` the live object if `conditions` hold, with a new generation. The data
   * file becomes the object's; on failure it is deleted and the error thrown.
   */
  commit(input: NewObject, conditions: Preconditions): StoredObject {
    try {
      const objects = this.bucket(input.bucket).objects;
      const previous = objects.get(input.name);
      checkWrite(previous, conditions);
      const now = new Date();
      const object: StoredObject = { ...input, generation: this.nextGeneration(), metageneration: 1, timeCreated: now, updated: now };
      objects.set(input.name, object);
      if (previous) discard(previous.dataPath);
      return object;
    } catch (err) {
      discard(input.dataPath);
      throw err;
    }
  }

  /** Replaces the live object's metadata (same generation, next metageneration). */
  updateMetadata(current: StoredObject, metadata: ObjectMetadata, conditions: Preconditions): StoredObject {
    const objects = this.bucket(current.bucket).objects;
    const live = objects.get(current.name);
    if (!live) throw noSuchObject(current.bucket, current.name);
    checkWrite(live, conditions);
    const updated: StoredObject = {
      ...withoutMetadata(live), ...metadata, metageneration: live.metageneration + 1, updated: new Date(),
    };
    objects.set(live.name, updated);
    return updated;
  }

  delete(bucket: string, name: string, conditions: Preconditions): void {
    const live = this.get(bucket, name);
    checkWrite(live, conditions);
    this.bucket(bucket).objects.delete(name);
    discard(live.dataPath);
  }

  /**
   * Opens the object's bytes. Done synchronously right after the lookup so a concurrent
   * overwrite (which unlinks the old file) cannot pull the file away from this reader.
   */
  openData(object: StoredObject): number {
    return openSync(object.dataPath, 'r');
  }

  /** A second name for an object's (immutable) file: copies cost nothing, whatever the size. */
  linkData(object: StoredObject): string {
    const path = this.newDataPath();
    linkSync(object.dataPath, path);
    return path;
  }

  /** Deletes a data file that never became (or no longer is) an object's. */
  discardData(path: string): void {
    discard(path);
  }

  private nextGeneration(): number {
    // Real generations are microsecond timestamps; keep them strictly increasing.
    this.lastGeneration = Math.max(this.lastGeneration + 1, Date.now() * 1000);
    return this.lastGeneration;
  }
}

function withoutMetadata(object: StoredObject): StoredObject {
  const rest: Partial<StoredObject> = { ...object };
  for (const field of METADATA_FIELDS) delete rest[field];
  return rest as StoredObject;
}

function discard(path: string): void {
  unlink(path, () => undefined); // readers holding the file open keep reading it
}
