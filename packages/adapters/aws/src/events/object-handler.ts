import { EventDecodeError, FaasadeConfigError, type LogFields, type ObjectFunction } from '@faasade/core';
import { boundBucketName, isWarmupPing } from '@faasade/core/adapter';
import type { LambdaContext } from '../types.js';
import { rejectedItem, type DecodedItem } from './decoded-item.js';
import { idFrom } from './fields.js';
import type { LambdaObjectResult, WarmupResult } from './event-types.js';
import { decodeS3EventBridgeEvent, isEventBridgeEvent, isS3EventBridgeEvent, notAnS3Event } from './eventbridge.js';
import { itemContext, runItem, type Invocation } from './run-item.js';
import { decodeS3Notification, decodeS3TestEvent, isS3Notification, isS3TestEvent } from './s3-notification.js';
import { decodeSnsEvent, isSnsEvent } from './sns-event.js';
import { isSqsEvent, runSqsBatch } from './sqs-batch.js';

/** A Lambda handler for an object function: what `lambdaObjectHandler` returns. */
export type LambdaObjectHandler = (event: unknown, context: LambdaContext) => Promise<LambdaObjectResult>;

/**
 * Runs an object function (declared with `onObject`) on AWS Lambda, for every way S3
 * reports a change: S3 event notifications invoking the function, an SQS queue they are
 * written to (directly or through SNS), SNS invoking the function, and EventBridge
 * "Object Created" / "Object Deleted" events. The event's shape picks the decoder. Export
 * the result as the Lambda handler; `lambdaHandler(fn)` returns the same for object functions.
 *
 * - Keys are decoded (S3 notifications URL-encode them, `+` for a space; EventBridge does not).
 * - Events outside the declaration's `bucket` binding, `prefix`, `suffix` or `events` are
 *   acknowledged with a debug log line (the cloud's filter may be misconfigured).
 * - SQS batches answer `{ batchItemFailures }` (see {@link runSqsBatch}).
 * - S3, SNS and EventBridge invoke asynchronously: a handler error fails the invocation,
 *   Lambda retries it (twice by default), then sends it to the on-failure destination or
 *   dead-letter queue.
 * - A record that cannot be understood is logged as an error naming the field and
 *   acknowledged (poison: no retry could help); an event of no known shape (a schedule
 *   wired to this function, say) fails the invocation with `UnknownEventShape`.
 * - A warm-up ping (`{"faasade":"warmup"}`) is answered without running the handler.
 *
 * @example
 * import renditions from '@faasade/image-renditions';
 * export const handler = lambdaObjectHandler(renditions);
 * @throws FaasadeConfigError when `fn` is not an object function.
 */
export function lambdaObjectHandler(fn: ObjectFunction): LambdaObjectHandler {
  if (fn?.trigger !== 'object' || typeof fn.handler !== 'function') {
    throw new FaasadeConfigError('lambdaObjectHandler() takes an object function declared with onObject()');
  }
  return async (event, context) => {
    const invocation: Invocation = { fn, event, context, physicalBucket: boundBucketName(fn.options.bucket) };
    if (isWarmupPing(event)) return warm(invocation);
    if (isSqsEvent(event)) return runSqsBatch(invocation, event);
    const records = directRecords(invocation, event);
    const errors: unknown[] = [];
    for (const { items, fields } of records) {
      for (const item of items) {
        const outcome = await runItem(invocation, item, fields);
        if (outcome.status === 'failed') errors.push(outcome.error);
      }
    }
    // Asynchronous invocations: failing makes Lambda retry, then keep the event in the
    // on-failure destination. Items that succeeded run again on retry (handlers are idempotent).
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} S3 events failed`);
    return undefined;
  };
}

/** The items of an asynchronous delivery, grouped with the fields naming their record. */
function directRecords(invocation: Invocation, event: unknown): Array<{ items: DecodedItem[]; fields: LogFields }> {
  if (isS3Notification(event)) return [{ items: decodeS3Notification(event, ''), fields: {} }];
  if (isSnsEvent(event)) return decodeSnsEvent(event).map(({ messageId, items }, index) => ({ items, fields: { messageId, recordIndex: index } }));
  if (isS3EventBridgeEvent(event)) {
    try {
      return [{ items: [decodeS3EventBridgeEvent(event, '')], fields: {} }];
    } catch (error) {
      return [{ items: [rejectedItem(error, idFrom(event.id), '')], fields: {} }];
    }
  }
  if (isS3TestEvent(event)) return [{ items: decodeS3TestEvent(event), fields: {} }];
  throw unknownShape(invocation, event);
}

function warm(invocation: Invocation): WarmupResult {
  const ctx = itemContext(invocation);
  ctx.dispose();
  return { faasade: 'warmup', coldStart: ctx.coldStart };
}

function unknownShape(invocation: Invocation, event: unknown): EventDecodeError {
  const error = isEventBridgeEvent(event)
    ? notAnS3Event(event)
    : new EventDecodeError('UnknownEventShape', `the event is not an S3 notification, an SQS batch, an SNS notification or an EventBridge S3 event (top-level keys: ${topLevelKeys(event)})`);
  const ctx = itemContext(invocation);
  ctx.log.error('event not understood', { code: error.code, path: error.path, error });
  ctx.dispose();
  return error;
}

function topLevelKeys(event: unknown): string {
  if (typeof event !== 'object' || event === null) return typeof event;
  return Object.keys(event).slice(0, 10).map((key) => key.slice(0, 40)).join(', ') || 'none';
}
