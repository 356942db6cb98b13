import { EventDecodeError } from '@faasade/core';
import { rejectedItem, type DecodedItem } from './decoded-item.js';
import { isJsonObject } from '@faasade/core/adapter';
import { idFrom } from './fields.js';
import { decodeMessageText } from './message-body.js';

/** An SNS → Lambda event: records that say `EventSource: "aws:sns"`. */
export function isSnsEvent(value: unknown): value is { Records: unknown[] } {
  return isJsonObject(value) && Array.isArray(value.Records) && isJsonObject(value.Records[0]) && value.Records[0].EventSource === 'aws:sns';
}

/** One decoded SNS record: its items and the SNS message id for log lines. */
export interface SnsRecordItems {
  messageId: string | undefined;
  items: DecodedItem[];
}

/**
 * The S3 notifications in an SNS → Lambda event (S3 → SNS → Lambda), one entry per SNS
 * record (SNS sends one). `Sns.Message` holds the notification as JSON; a message that is
 * not one (a topic shared with other publishers) is a `rejected` item.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
 */
export function decodeSnsEvent(event: { Records: unknown[] }): SnsRecordItems[] {
  return event.Records.map((record, index) => {
    const path = `Records[${index}]`;
    const sns = isJsonObject(record) ? record.Sns : undefined;
    if (!isJsonObject(record) || record.EventSource !== 'aws:sns' || !isJsonObject(sns)) {
      const error = new EventDecodeError('MalformedEvent', 'expected an SNS record with EventSource "aws:sns" and an Sns object', { path });
      return { messageId: undefined, items: [rejectedItem(error, undefined, path)] };
    }
    return { messageId: idFrom(sns.MessageId), items: decodeMessageText(sns.Message, `${path}.Sns.Message`, false) };
  });
}
