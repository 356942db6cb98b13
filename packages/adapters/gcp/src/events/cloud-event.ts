/**
 * A CloudEvent as the Functions Framework hands it to a `cloudEvent` function: the
 * attributes from the `ce-*` headers and the parsed body as `data` (binary content mode),
 * the parsed `application/cloudevents+json` body (structured mode), or the CloudEvent the
 * framework made of a legacy background event. The framework checks none of it (a POST of
 * `{}` arrives as `{}`), so every member is `unknown` until the adapter has read it.
 * Declared structurally so faasade's API names neither the framework nor `cloudevents`.
 * https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
 */
export interface GcpCloudEvent {
  readonly specversion?: unknown;
  readonly id?: unknown;
  readonly type?: unknown;
  /** `//storage.googleapis.com/projects/_/buckets/<bucket>` for Cloud Storage. */
  readonly source?: unknown;
  /** `objects/<name>` for Cloud Storage; percent-encoded when it came in a `ce-subject` header. */
  readonly subject?: unknown;
  readonly time?: unknown;
  readonly datacontenttype?: unknown;
  /** Parsed JSON, or a `Buffer` when a binary-mode body had a content type that is not JSON. */
  readonly data?: unknown;
  /** Structured mode's base64 form of non-JSON data. */
  readonly data_base64?: unknown;
  /** The CloudEvents distributed-tracing extension's `tracestate`, when the sender set it. */
  readonly tracestate?: unknown;
  /** Copied from the request's `traceparent` header by the framework. */
  readonly traceparent?: unknown;
}

/**
 * The `data` of a Cloud Storage object event (`google.events.cloud.storage.v1.StorageObjectData`):
 * the object's resource as the JSON API shows it. 64-bit numbers are strings.
 * Only the members the adapter reads are listed; the event's `raw` keeps the rest.
 * https://github.com/googleapis/google-cloudevents/blob/main/proto/google/events/cloud/storage/v1/data.proto
 */
export interface StorageObjectData {
  readonly bucket: string;
  /** The object name: the key, not URL-encoded. */
  readonly name: string;
  /** Size in bytes, as a decimal string. */
  readonly size?: string;
  readonly etag?: string;
  readonly contentType?: string;
  /** The object's version, as a decimal string; it grows with every write of the name. */
  readonly generation?: string;
  readonly metageneration?: string;
  /** Base64 MD5 of the content (absent for composite objects). */
  readonly md5Hash?: string;
  readonly crc32c?: string;
  readonly timeCreated?: string;
  readonly updated?: string;
}

/** The Cloud Storage event types, in their CloudEvents names. */
export const STORAGE_EVENT_TYPES = {
  finalized: 'google.cloud.storage.object.v1.finalized',
  deleted: 'google.cloud.storage.object.v1.deleted',
  archived: 'google.cloud.storage.object.v1.archived',
  metadataUpdated: 'google.cloud.storage.object.v1.metadataUpdated',
} as const;
