import { EventDecodeError } from '@faasade/core';
import type { SqsBatchResponse } from './event-types.js';
import { rejectedItem, type DecodedItem } from './decoded-item.js';
import { isJsonObject } from '@faasade/core/adapter';
import { idFrom } from './fields.js';
import { decodeMessageText } from './message-body.js';
import { runItem, type Invocation } from './run-item.js';

/** An SQS batch from an event source mapping: records that say `eventSource: "aws:sqs"`. */
export function isSqsEvent(value: unknown): value is { Records: unknown[] } {
  return isJsonObject(value) && Array.isArray(value.Records) && isJsonObject(value.Records[0]) && value.Records[0].eventSource === 'aws:sqs';
}

/**
 * Runs every message of an SQS batch on its own, in order, one at a time (an object
 * function may need the instance's memory for one object), and reports the messages to
 * deliver again as `batchItemFailures`, so one failure does not redeliver the batch; the
 * event source mapping must enable `ReportBatchItemFailures` for Lambda to read them.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 *
 * - A message whose handler throws is reported (SQS redelivers it after the visibility
 *   timeout, and moves it to the dead-letter queue after `maxReceiveCount` receives).
 * - A message that is not an S3 notification (nor an SNS envelope of one, nor a test
 *   event) is logged as an error and acknowledged: it is poison, and no redelivery could
 *   make it one.
 * - On a FIFO queue (`….fifo`), the messages after a failure are reported without running,
 *   so a message group keeps its order.
 * - When every message failed, or a failed one has no `messageId` to report, the
 *   invocation fails: the whole batch returns to the queue, which is what a mapping
 *   without `ReportBatchItemFailures` needs to lose nothing.
 */
export async function runSqsBatch(invocation: Invocation, event: { Records: unknown[] }): Promise<SqsBatchResponse> {
  const failures: Array<{ itemIdentifier: string }> = [];
  const errors: unknown[] = [];
  let unreportable = false;
  let stopAfterFailure = false;
  for (const [index, record] of event.Records.entries()) {
    const messageId = isJsonObject(record) ? idFrom(record.messageId) : undefined;
    const fields = { messageId, recordIndex: index };
    // After a failure in a FIFO batch, the rest is reported without running.
    let failed = stopAfterFailure;
    if (!stopAfterFailure) {
      for (const item of decodeRecord(record, index)) {
        const outcome = await runItem(invocation, item, fields);
        if (outcome.status === 'failed') {
          failed = true;
          errors.push(outcome.error);
        }
      }
    }
    if (!failed) continue;
    if (messageId === undefined || messageId !== (record as { messageId?: unknown }).messageId) unreportable = true;
    else failures.push({ itemIdentifier: messageId });
    if (isJsonObject(record) && typeof record.eventSourceARN === 'string' && record.eventSourceARN.endsWith('.fifo')) stopAfterFailure = true;
  }
  if (unreportable || (errors.length > 0 && failures.length === event.Records.length)) {
    throw errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} of ${event.Records.length} SQS messages failed`);
  }
  return { batchItemFailures: failures };
}

function decodeRecord(record: unknown, index: number): DecodedItem[] {
  const path = `Records[${index}]`;
  if (!isJsonObject(record)) return [rejectedItem(new EventDecodeError('MalformedEvent', 'expected an SQS message object', { path }), undefined, path)];
  if (record.eventSource !== 'aws:sqs') {
    return [rejectedItem(new EventDecodeError('MalformedEvent', 'expected "aws:sqs"', { path: `${path}.eventSource` }), idFrom(record.messageId), path)];
  }
  return decodeMessageText(record.body, `${path}.body`, true);
}
