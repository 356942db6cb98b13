import { malformed, describe } from '@faasade/core/adapter';

/**
 * The AWS-only readers for S3, SQS, SNS and EventBridge payloads; the shared ones
 * (`requiredString`, `requiredTime`, …) come from core's adapter toolkit. Each failure is
 * a `MalformedEvent` naming where the field is (`Records[1].body.Records[0].s3.object.key`),
 * so the log line of a refused record says exactly what was not understood.
 */

/**
 * A message body or SNS `Message` that must hold JSON (SQS and SNS carry S3 notifications
 * as strings). Not JSON → `MalformedEvent` at `path`.
 */
export function parseJsonText(text: unknown, path: string): unknown {
  if (typeof text !== 'string') throw malformed(path, `expected a JSON string, got ${describe(text)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw malformed(path, 'expected JSON (an S3 notification), got text that is not JSON');
  }
}

/** A short identifier from an untrusted payload, safe for log lines (bounded, no control characters). */
export function idFrom(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.slice(0, 200).replace(/[\u0000-\u001f\u007f]/g, '?');
}
