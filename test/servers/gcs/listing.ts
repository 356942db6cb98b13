import type { RequestContext } from './context.js';
import { badRequest, GcsError } from './errors.js';
import { sendJson } from './http-util.js';
import { objectResource } from './resource.js';
import type { StoredObject } from './store.js';

const DEFAULT_MAX_RESULTS = 1000;

/** Where the previous page stopped: the last name or prefix it returned. */
interface Cursor {
  after: string;
  wasPrefix: boolean;
}

/**
 * `GET …/b/{bucket}/o` (https://cloud.google.com/storage/docs/json_api/v1/objects/list):
 * objects in lexicographic order of their UTF-8 bytes, `prefix`, `delimiter` (grouping
 * into `prefixes`), `includeTrailingDelimiter`, `startOffset`/`endOffset`, and pages of
 * at most `maxResults` entries, items and prefixes counted together, with an opaque
 * `pageToken`. Empty `items`/`prefixes` are left out, as GCS does.
 */
export function listObjects(ctx: RequestContext, bucket: string): void {
  const objects = ctx.store.bucket(bucket).objects;
  const q = ctx.query;
  if (q.has('matchGlob') || q.get('versions') === 'true') {
    throw new GcsError(501, 'notImplemented', 'matchGlob and versions are not supported by the test GCS server', 'NotImplemented');
  }
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const includeTrailingDelimiter = q.get('includeTrailingDelimiter') === 'true';
  const start = q.get('startOffset');
  const end = q.get('endOffset');
  const maxResults = parseMaxResults(q.get('maxResults'));
  const cursor = decodeCursor(q.get('pageToken'));

  const items: StoredObject[] = [];
  const prefixes: string[] = [];
  let last: Cursor | undefined;
  let nextPageToken: string | undefined;
  for (const name of sortedNames(objects.keys())) {
    if (!name.startsWith(prefix)) continue;
    if (start !== null && compareUtf8(name, start) < 0) continue;
    if (end !== null && compareUtf8(name, end) >= 0) continue;
    if (cursor && (compareUtf8(name, cursor.after) <= 0 || (cursor.wasPrefix && name.startsWith(cursor.after)))) continue;
    const at = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
    const group = at >= 0 ? name.slice(0, at + delimiter.length) : undefined;
    if (group !== undefined && group === prefixes[prefixes.length - 1]) {
      if (includeTrailingDelimiter && name === group) items.push(objects.get(name)!);
      continue;
    }
    if (items.length + prefixes.length >= maxResults) {
      nextPageToken = encodeCursor(last!);
      break;
    }
    if (group !== undefined) {
      prefixes.push(group);
      last = { after: group, wasPrefix: true };
      if (includeTrailingDelimiter && name === group) items.push(objects.get(name)!);
    } else {
      items.push(objects.get(name)!);
      last = { after: name, wasPrefix: false };
    }
  }
  sendJson(ctx.res, 200, {
    kind: 'storage#objects',
    ...(items.length > 0 ? { items: items.map((o) => objectResource(o, ctx.origin)) } : {}),
    ...(prefixes.length > 0 ? { prefixes } : {}),
    ...(nextPageToken ? { nextPageToken } : {}),
  });
}

function parseMaxResults(raw: string | null): number {
  if (raw === null) return DEFAULT_MAX_RESULTS;
  if (!/^\d+$/.test(raw) || Number(raw) === 0) throw badRequest(`Invalid value for maxResults: ${raw}`);
  return Math.min(Number(raw), DEFAULT_MAX_RESULTS);
}

/** GCS orders names by their UTF-8 bytes, which differs from JS (UTF-16) order above U+FFFF. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function sortedNames(names: Iterable<string>): string[] {
  return [...names]
    .map((name) => ({ name, bytes: Buffer.from(name, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((entry) => entry.name);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(token: string | null): Cursor | undefined {
  if (token === null || token === '') return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.after === 'string' && typeof cursor.wasPrefix === 'boolean') return cursor;
  } catch {
    // fall through: an invalid token is a client error
  }
  throw badRequest('Invalid pageToken');
}
