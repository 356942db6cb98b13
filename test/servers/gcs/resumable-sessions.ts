import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { RequestContext } from './context.js';
import { GcsError } from './errors.js';
import { ObjectHasher, type ObjectDigests } from './hashing.js';
import { readJsonBody } from './http-util.js';
import { validateObjectName } from './names.js';
import { mergeMetadata, type ObjectMetadata } from './object-metadata.js';
import { checkWrite, type Preconditions } from './preconditions.js';
import type { GcsStore, StoredObject } from './store.js';

/** One resumable upload: where its bytes go and what the finished object will be. */
export interface Session {
  readonly id: string;
  readonly bucket: string;
  readonly name: string;
  readonly metadata: ObjectMetadata;
  readonly claimed: Partial<ObjectDigests>;
  readonly conditions: Preconditions;
  readonly declaredSize?: number;
  readonly dataPath: string;
  readonly hasher: ObjectHasher;
  /** Bytes stored and hashed: a multiple of 256 KiB until the last chunk arrives. */
  persisted: number;
  busy: boolean;
  result?: StoredObject;
}

/** Open (and completed) resumable upload sessions, by upload id. */
export class ResumableSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly store: GcsStore) {}

  add(session: Session): void {
    this.sessions.set(session.id, session);
  }

  get(id: string | null): Session {
    const session = id === null ? undefined : this.sessions.get(id);
    if (!session) throw new GcsError(404, 'notFound', `No such upload session: ${id}`, 'NoSuchUpload');
    return session;
  }

  /** Ends a session for good (cancelled or failed), deleting its data unless committed. */
  end(session: Session): void {
    this.sessions.delete(session.id);
    if (!session.result) this.store.discardData(session.dataPath);
  }
}

/**
 * `POST …/o?uploadType=resumable`: opens a session and answers with its URL in
 * `Location`. Preconditions are checked now (fail fast) and again when the upload ends.
 */
export async function startResumableUpload(ctx: RequestContext, bucket: string, conditions: Preconditions): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const name = validateObjectName((typeof body.name === 'string' ? body.name : undefined) ?? ctx.query.get('name'));
  checkWrite(ctx.store.find(bucket, name), conditions);
  const declared = ctx.req.headers['x-upload-content-length'];
  const contentType = ctx.req.headers['x-upload-content-type'];
  const id = randomUUID();
  const dataPath = ctx.store.newDataPath();
  await writeFile(dataPath, '');
  ctx.sessions.add({
    id, bucket, name, conditions, dataPath, hasher: new ObjectHasher(), persisted: 0, busy: false,
    declaredSize: typeof declared === 'string' && /^\d+$/.test(declared) ? Number(declared) : undefined,
    metadata: mergeMetadata({ contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream' }, body),
    claimed: {
      ...(typeof body.crc32c === 'string' ? { crc32c: body.crc32c } : {}),
      ...(typeof body.md5Hash === 'string' ? { md5Hash: body.md5Hash } : {}),
    },
  });
  const location = `${ctx.origin}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable` +
    `&name=${encodeURIComponent(name)}&upload_id=${id}`;
  ctx.res.writeHead(200, { location, 'x-guploader-uploadid': id, 'content-length': 0 }).end();
}

/** `DELETE <session URL>`: cancels the upload; GCS answers 499. */
export function cancelResumableUpload(ctx: RequestContext): void {
  ctx.sessions.end(ctx.sessions.get(ctx.query.get('upload_id')));
  ctx.res.writeHead(499, { 'content-length': 0 }).end();
}
