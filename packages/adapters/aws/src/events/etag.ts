/**
 * An etag as the S3 driver reports it and `ifMatch` takes it: quoted. Events carry it
 * bare (`"eTag": "b21b…"`); HEAD and PUT answers quote it (`"b21b…"`), so a handler can
 * compare the event's etag with `bucket.head(key)` or pass it to `ifMatch` unchanged.
 */
export function quotedEtag(etag: string): string {
  return etag.startsWith('"') || etag.startsWith('W/"') ? etag : `"${etag}"`;
}
