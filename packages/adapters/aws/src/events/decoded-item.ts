import { EventDecodeError, type ObjectEvent } from '@faasade/core';

/**
 * What one change in a delivery decodes to. A delivery (an S3 notification, an SQS batch,
 * an SNS notification, an EventBridge event) holds one or more of these; each runs, or is
 * acknowledged, on its own.
 */
export type DecodedItem =
  /** An object created or deleted: the function runs. */
  | { kind: 'object'; event: ObjectEvent }
  /**
   * Well-formed but not for object functions (an S3 test event, an `ObjectRestore:*` or
   * `Object Tags Added` event, an SNS subscription confirmation): acknowledged with a log
   * line at `level`.
   */
  | { kind: 'ignored'; id: string | undefined; reason: string; level: 'debug' | 'info' | 'warn' }
  /** Not understood: delivering it again cannot help, so it is logged and acknowledged (poison). */
  | { kind: 'rejected'; id: string | undefined; error: EventDecodeError };

/** `segment` under `path` (`Records[0]` under `` is `Records[0]`, `s3` under it `Records[0].s3`). */
export function at(path: string, segment: string): string {
  if (path === '') return segment;
  return segment.startsWith('[') ? `${path}${segment}` : `${path}.${segment}`;
}

/** A `rejected` item for what a decoder threw (an `EventDecodeError`, or anything else as `MalformedEvent` at `path`). */
export function rejectedItem(error: unknown, id: string | undefined, path: string): DecodedItem {
  const decodeError = error instanceof EventDecodeError ? error : new EventDecodeError('MalformedEvent', 'the record could not be read', { path, cause: error });
  return { kind: 'rejected', id, error: decodeError };
}
