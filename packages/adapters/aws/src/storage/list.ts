import type { ListObjectsV2Output } from '@aws-sdk/client-s3';
import type { DriverListOptions, ListEntry, ListPage } from '@faasade/core/storage';
import { compareUtf8, StorageError } from '@faasade/core/storage';
import type { S3Session } from './session.js';

/**
 * Where a listing continues: the S3 continuation token of the request to repeat (absent:
 * the first request) and the last key already returned. The key makes pages exact even
 * where a server strays from S3: s3rver counts only objects against max-keys, so a page
 * can hold more entries than asked (the rest are returned from the same request again),
 * and it repeats a folded prefix on the next page (skipped as already returned).
 */
interface Cursor {
  token?: string;
  after?: string;
}

/** One page of ListObjectsV2, objects and folded prefixes merged in UTF-8 byte order. */
export async function listObjects(s3: S3Session, opts: DriverListOptions): Promise<ListPage> {
  let { token, after } = opts.cursor === undefined ? {} as Cursor : decodeCursor(opts.cursor);
  for (;;) {
    const out = await s3.client.send(new s3.sdk.ListObjectsV2Command({
      Bucket: s3.bucket,
      ...(opts.prefix ? { Prefix: opts.prefix } : {}),
      ...(opts.delimiter ? { Delimiter: opts.delimiter } : {}),
      MaxKeys: opts.pageSize,
      ...(token === undefined ? {} : { ContinuationToken: token }),
    }), { abortSignal: opts.signal });
    const fresh = entriesOf(out).filter((entry) => after === undefined || compareUtf8(entry.key, after) > 0);
    const next = out.IsTruncated ? out.NextContinuationToken : undefined;
    if (fresh.length > opts.pageSize) {
      const entries = fresh.slice(0, opts.pageSize);
      return { entries, cursor: encodeCursor({ ...(token === undefined ? {} : { token }), after: entries.at(-1)!.key }) };
    }
    if (fresh.length > 0 || next === undefined) {
      return next === undefined ? { entries: fresh } : { entries: fresh, cursor: encodeCursor({ token: next, ...lastKey(fresh, after) }) };
    }
    token = next; // everything here was returned before; move on
  }
}

function entriesOf(out: ListObjectsV2Output): ListEntry[] {
  const entries: ListEntry[] = [];
  for (const object of out.Contents ?? []) {
    if (object.Key === undefined) continue;
    entries.push({
      type: 'object', key: object.Key, size: object.Size ?? 0, etag: object.ETag ?? '', lastModified: object.LastModified ?? new Date(0),
    });
  }
  for (const prefix of out.CommonPrefixes ?? []) {
    if (prefix.Prefix !== undefined) entries.push({ type: 'prefix', key: prefix.Prefix });
  }
  // S3 sends objects and prefixes as two lists; the portable order merges them.
  return entries.sort((a, b) => compareUtf8(a.key, b.key));
}

function lastKey(entries: ListEntry[], after: string | undefined): { after?: string } {
  const key = entries.at(-1)?.key ?? after;
  return key === undefined ? {} : { after: key };
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(text: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const cursor = parsed as Cursor | undefined;
  const valid = cursor !== null && typeof cursor === 'object' && !Array.isArray(cursor)
    && (cursor.token === undefined || typeof cursor.token === 'string')
    && (cursor.after === undefined || typeof cursor.after === 'string')
    && (cursor.token !== undefined || cursor.after !== undefined);
  if (!valid) throw new StorageError('InvalidArgument', 'the list cursor is not one this driver returned');
  return cursor;
}
