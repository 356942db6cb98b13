import type { Bucket, GetFilesOptions } from '@google-cloud/storage';
import type { DriverListOptions, ListEntry, ListPage } from '@faasade/core/storage';
import { untilAborted } from './abort.js';
import { toListedObject, type GcsObjectResource } from './object-info.js';

/** The part of an `objects.list` response this driver reads. */
interface ListResponse {
  items?: GcsObjectResource[];
  prefixes?: string[];
  nextPageToken?: string;
}

/** Only what a listing entry needs, which keeps large pages small on the wire. */
const LIST_FIELDS = 'items(name,size,generation,metageneration,updated),prefixes,nextPageToken';

function byUtf8(a: ListEntry, b: ListEntry): number {
  return Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8'));
}

/**
 * One page of `objects.list`. GCS returns objects and folded prefixes in two arrays, each
 * sorted, and counts both against `maxResults`; the portable page is one merged list.
 */
export async function listObjects(bucket: Bucket, opts: DriverListOptions): Promise<ListPage> {
  const query: GetFilesOptions = { autoPaginate: false, maxResults: opts.pageSize, fields: LIST_FIELDS };
  if (opts.prefix) query.prefix = opts.prefix;
  if (opts.delimiter) query.delimiter = opts.delimiter;
  if (opts.cursor) query.pageToken = opts.cursor;
  const [, , raw] = await untilAborted(bucket.getFiles(query), opts.signal);
  const response = (raw ?? {}) as ListResponse;
  const entries: ListEntry[] = [
    ...(response.items ?? []).map(toListedObject),
    ...(response.prefixes ?? []).map((key): ListEntry => ({ type: 'prefix', key })),
  ].sort(byUtf8);
  const page: ListPage = { entries };
  if (response.nextPageToken) page.cursor = response.nextPageToken;
  return page;
}
