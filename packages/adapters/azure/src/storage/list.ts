/** One page of a listing, from `listBlobsFlat` or `listBlobsByHierarchy`. */
import type { ContainerClient } from '@azure/storage-blob';
import type { DriverListOptions, ListEntry, ListPage } from '@faasade/core/storage';
import { fromBlobName, toBlobDelimiter, toListPrefix } from './blob-names.js';
import { quotedEtag } from './object-info.js';

interface ListedBlob {
  name: string;
  properties: { contentLength?: number; etag: string; lastModified: Date };
}

/** What either listing call returned, names still escaped. */
interface RawPage {
  blobs: ListedBlob[];
  prefixes: Array<{ name: string }>;
  continuationToken?: string;
}

/** Lists one page; the cursor is Azure's continuation token (its `NextMarker`). */
export async function listPage(container: ContainerClient, opts: DriverListOptions): Promise<ListPage> {
  const { blobPrefix, mustStartWith } = toListPrefix(opts.prefix);
  const page = await fetchPage(container, opts, blobPrefix);
  const entries: ListEntry[] = [
    ...page.blobs.map(toListedObject),
    ...page.prefixes.map((p): ListEntry => ({ type: 'prefix', key: fromBlobName(p.name) })),
  ].filter((entry) => mustStartWith === undefined || entry.key.startsWith(mustStartWith));
  // The SDK returns objects and prefixes in two arrays, and Azurite sorts by UTF-16 code
  // units. Within a page, restore the portable order (UTF-8 bytes, both kinds merged).
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  return page.continuationToken ? { entries, cursor: page.continuationToken } : { entries };
}

async function fetchPage(container: ContainerClient, opts: DriverListOptions, prefix: string): Promise<RawPage> {
  const options = { prefix, abortSignal: opts.signal };
  const pageOptions = { continuationToken: opts.cursor, maxPageSize: opts.pageSize };
  if (opts.delimiter) {
    const delimiter = toBlobDelimiter(opts.delimiter);
    const next = await container.listBlobsByHierarchy(delimiter, options).byPage(pageOptions).next();
    if (next.done) return { blobs: [], prefixes: [] };
    const { segment, continuationToken } = next.value;
    return { blobs: segment.blobItems, prefixes: segment.blobPrefixes ?? [], continuationToken };
  }
  const next = await container.listBlobsFlat(options).byPage(pageOptions).next();
  if (next.done) return { blobs: [], prefixes: [] };
  return { blobs: next.value.segment.blobItems, prefixes: [], continuationToken: next.value.continuationToken };
}

function toListedObject(blob: ListedBlob): ListEntry {
  return {
    type: 'object',
    key: fromBlobName(blob.name),
    size: blob.properties.contentLength ?? 0,
    etag: quotedEtag(blob.properties.etag),
    lastModified: blob.properties.lastModified,
  };
}
