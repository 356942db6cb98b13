import type { ObjectEvent, ObjectEventData } from '@faasade/core';
import { createObjectEvent, isJsonObject, objectAt, optionalCount, optionalString, requiredString } from '@faasade/core/adapter';
import { locateBlobFromPath } from './blob-location.js';

/**
 * The neutral event of a blob trigger invocation, read from the trigger metadata the host
 * sends with it (after the library camel-cases it): `blobTrigger` (`<container>/<blob name>`),
 * `uri`, and `properties` (`length`, `eTag`, `contentType`, `lastModified`…); `metadata`
 * stays in `raw`. The blob trigger reports new and changed blobs only, so the type is always
 * `object.created`. It has no event id: `<key>#<etag>` stands in, the same for every
 * delivery of one blob version (which is also how the host tracks what it has processed).
 *
 * @param invocationId Used as the id when the host sent no etag.
 * @throws EventDecodeError `MalformedEvent` at `triggerMetadata.<field>`.
 */
export function decodeBlobTrigger(metadata: unknown, invocationId: string): ObjectEvent {
  const path = 'triggerMetadata';
  const meta = objectAt(metadata, path);
  const blobPath = requiredString(meta, 'blobTrigger', path);
  const uri = optionalString(meta, 'uri', path);
  const properties = meta.properties === undefined || meta.properties === null ? {} : objectAt(meta.properties, `${path}.properties`);
  const propertiesPath = `${path}.properties`;
  const location = locateBlobFromPath(blobPath, `${path}.blobTrigger`, uri);
  const data: ObjectEventData = { bucket: location.container, key: location.key };
  const size = optionalCount(properties, 'length', propertiesPath);
  const etag = optionalString(properties, 'eTag', propertiesPath);
  const contentType = optionalString(properties, 'contentType', propertiesPath);
  if (size !== undefined) data.size = size;
  if (etag !== undefined) data.etag = etag;
  if (contentType !== undefined) data.contentType = contentType;
  return createObjectEvent({
    id: etag ? `${location.key}#${etag}` : invocationId,
    source: location.source,
    type: 'object.created',
    time: timeOf(optionalString(properties, 'lastModified', propertiesPath) ?? optionalString(properties, 'created', propertiesPath)),
    data,
    cloud: 'azure',
    raw: meta,
  });
}

/** True when the trigger metadata looks like a blob trigger's, for the platform accessor. */
export function hasBlobTriggerMetadata(metadata: unknown): boolean {
  return isJsonObject(metadata) && typeof metadata.blobTrigger === 'string';
}

// The host writes DateTimeOffset values (`2022-08-25T05:06:39+00:00`); the event carries ISO 8601 UTC.
function timeOf(value: string | undefined): string {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  return new Date(Number.isNaN(ms) ? Date.now() : ms).toISOString();
}
