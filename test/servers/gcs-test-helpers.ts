import type { Bucket } from '@google-cloud/storage';

/** The HTTP status a @google-cloud/storage call failed with (ApiError or GaxiosError). */
export async function gcsStatus(call: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await call();
  } catch (err) {
    const e = err as { code?: unknown; status?: unknown; response?: { status?: unknown } };
    if (typeof e.code === 'number') return e.code;
    if (typeof e.response?.status === 'number') return e.response.status;
    if (typeof e.status === 'number') return e.status;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** Every page of a listing: item names and prefixes per page, following nextPageToken. */
export async function listPages(bucket: Bucket, query: { prefix?: string; delimiter?: string; maxResults?: number; includeTrailingDelimiter?: boolean }): Promise<{ items: string[]; prefixes: string[] }[]> {
  const pages: { items: string[]; prefixes: string[] }[] = [];
  let pageToken: string | undefined;
  do {
    const [files, , response] = await bucket.getFiles({ ...query, autoPaginate: false, pageToken });
    const body = response as { prefixes?: string[]; nextPageToken?: string };
    pages.push({ items: files.map((f) => f.name), prefixes: body.prefixes ?? [] });
    pageToken = body.nextPageToken;
  } while (pageToken && pages.length < 100);
  return pages;
}
