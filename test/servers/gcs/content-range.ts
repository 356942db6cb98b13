import { badRequest } from './errors.js';

/**
 * A resumable-upload `Content-Range` header. `data`: the body holds bytes from `start`
 * to `end` (undefined: "to the end of this request", written `*`), of an object of
 * `total` bytes (undefined: not known yet). `status`: `bytes *\/total` asks how much is
 * stored, or completes the upload when `total` equals it.
 */
export type ContentRange =
  | { kind: 'data'; start: number; end?: number; total?: number }
  | { kind: 'status'; total?: number };

export function parseContentRange(header: string | string[] | undefined): ContentRange {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  // No header: the whole object in one request.
  if (value === undefined || value === '') return { kind: 'data', start: 0 };
  const status = /^bytes \*\/(\d+|\*)$/.exec(value);
  if (status) return { kind: 'status', total: optionalNumber(status[1]!) };
  // @google-cloud/storage 7 describes an empty final chunk as `bytes 0--1/0`.
  const empty = /^bytes (\d+)--1\/(\d+)$/.exec(value);
  if (empty) return { kind: 'status', total: Number(empty[2]) };
  const data = /^bytes (\d+)-(\d+|\*)\/(\d+|\*)$/.exec(value);
  if (!data) throw badRequest(`Invalid Content-Range: ${value}`);
  const range = { kind: 'data' as const, start: Number(data[1]), end: optionalNumber(data[2]!), total: optionalNumber(data[3]!) };
  if (range.end !== undefined && range.end < range.start) throw badRequest(`Invalid Content-Range: ${value}`);
  if (range.total !== undefined && range.end !== undefined && range.end >= range.total) throw badRequest(`Invalid Content-Range: ${value}`);
  return range;
}

function optionalNumber(text: string): number | undefined {
  return text === '*' ? undefined : Number(text);
}
