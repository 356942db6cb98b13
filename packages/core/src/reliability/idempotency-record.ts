import type { Bucket } from '../storage/bucket.js';
import { isStorageError } from '../storage/errors.js';
import { readAllBytes } from '../storage/read-all.js';
import { IdempotencyError } from './idempotency-error.js';

/**
 * What is stored under an idempotency key. `expiresAt` (epoch ms, the writer's clock)
 * means: an `in-progress` record past it was abandoned by a crashed or killed instance;
 * a `completed` one is forgotten; a `failed` one is written already expired, so the next
 * delivery runs the work again at once.
 */
export type IdempotencyRecord =
  | { v: 1; state: 'in-progress'; owner: string; expiresAt: number }
  | { v: 1; state: 'completed'; owner: string; expiresAt: number; result?: unknown }
  | { v: 1; state: 'failed'; owner: string; expiresAt: number };

/** A record as read, with the etag a takeover must match. */
export interface StoredRecord {
  record: IdempotencyRecord;
  etag: string;
}

const CONTENT_TYPE = 'application/vnd.faasade.idempotency+json';

/** Writes a record; `ifNotExists` for the first claim, `ifMatch` for every change after it. */
export async function writeRecord(
  bucket: Bucket, recordKey: string, record: IdempotencyRecord,
  condition: { ifNotExists: true } | { ifMatch: string }, signal: AbortSignal | undefined,
): Promise<string> {
  const { etag } = await bucket.put(recordKey, JSON.stringify(record), {
    contentType: CONTENT_TYPE, ...condition, ...(signal ? { signal } : {}),
  });
  return etag;
}

/** Reads the record under `recordKey`; undefined when there is none (it was deleted meanwhile). */
export async function readRecord(bucket: Bucket, recordKey: string, key: string, signal: AbortSignal | undefined): Promise<StoredRecord | undefined> {
  let found;
  try {
    found = await bucket.get(recordKey, signal ? { signal } : {});
  } catch (error) {
    if (isStorageError(error, 'NotFound')) return undefined;
    throw error;
  }
  const text = new TextDecoder().decode(await readAllBytes(found.body));
  return { record: parseRecord(text, key), etag: found.info.etag };
}

function parseRecord(text: string, key: string): IdempotencyRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IdempotencyError('CorruptRecord', key, 'the stored record is not JSON', { cause: error });
  }
  const record = value as Partial<IdempotencyRecord> | null;
  const valid = record !== null && typeof record === 'object' && record.v === 1
    && (record.state === 'in-progress' || record.state === 'completed' || record.state === 'failed')
    && typeof record.owner === 'string' && typeof record.expiresAt === 'number' && Number.isFinite(record.expiresAt);
  if (!valid) throw new IdempotencyError('CorruptRecord', key, 'the stored record is not an idempotency record');
  return record as IdempotencyRecord;
}
