import type { Cloud } from '../context/context.js';

/** Neutral types of storage object events. */
export type ObjectEventType = 'object.created' | 'object.deleted';

/** What every cloud says about the object an event is about. */
export interface ObjectEventData {
  /** The physical bucket (S3 bucket, Azure container, GCS bucket) name. */
  bucket: string;
  /** The object key, decoded (S3's `+` and `%xx` escapes undone). */
  key: string;
  size?: number;
  etag?: string;
  contentType?: string;
  versionId?: string;
  /**
   * A value that orders events for one key when the cloud gives one (S3 `sequencer`,
   * Azure `sequencer`, GCS `generation`); compare only values of the same cloud.
   */
  sequencer?: string;
}

/**
 * A storage event shaped as a CloudEvents 1.0 event, the same on every cloud. `raw` keeps
 * the platform's original payload for what the neutral model does not carry.
 */
export interface ObjectEvent {
  readonly specversion: '1.0';
  /** The cloud's event id (stable across redeliveries of the same event). */
  readonly id: string;
  /** URI of the bucket, for example `s3://images`, `azblob://account/images`, `gs://images`. */
  readonly source: string;
  readonly type: ObjectEventType;
  /** ISO 8601 time of the change. */
  readonly time: string;
  /** The object key. */
  readonly subject: string;
  readonly data: ObjectEventData;
  /** The cloud the event came from. */
  readonly cloud: Cloud;
  /** The platform's payload for this one event (an S3 record, an Event Grid event, a CloudEvent). */
  readonly raw: unknown;
  /**
   * The producer's W3C trace position, from the CloudEvents distributed-tracing extension
   * (`traceparent`) when the platform delivers one; the function's span continues it.
   */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** Builds an {@link ObjectEvent} (subject from the key, CloudEvents version set). */
export function createObjectEvent(init: {
  id: string;
  source: string;
  type: ObjectEventType;
  time: string;
  data: ObjectEventData;
  cloud: Cloud;
  raw: unknown;
  /** The CloudEvents `traceparent` / `tracestate` extension attributes, when present. */
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}): ObjectEvent {
  const { traceparent, tracestate, ...fields } = init;
  // Only strings are kept, and no undefined keys: events are compared and printed whole.
  return Object.freeze({
    specversion: '1.0', subject: init.data.key, ...fields,
    ...(typeof traceparent === 'string' && traceparent ? { traceparent } : {}),
    ...(typeof tracestate === 'string' && tracestate ? { tracestate } : {}),
  });
}
