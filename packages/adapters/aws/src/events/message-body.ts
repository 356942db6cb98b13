import { EventDecodeError } from '@faasade/core';
import { at, rejectedItem, type DecodedItem } from './decoded-item.js';
import { decodeS3EventBridgeEvent, isS3EventBridgeEvent } from './eventbridge.js';
import { isJsonObject, type JsonObject } from '@faasade/core/adapter';
import { idFrom, parseJsonText } from './fields.js';
import { decodeS3Notification, decodeS3TestEvent, isS3Notification, isS3TestEvent } from './s3-notification.js';

/**
 * Decodes the text S3 left in a message: an SQS message body or an SNS `Message`. It holds
 * an S3 notification (S3 → SQS, S3 → SNS), an S3 test event, an EventBridge S3 event
 * (EventBridge → SQS) or, in an SQS body only, the SNS envelope of one of these
 * (S3 → SNS → SQS without raw message delivery). Never throws: what is not understood is
 * one `rejected` item naming where.
 *
 * @param path Where the text is (`Records[3].body`), for errors.
 * @param inSqs True for SQS bodies, where an SNS envelope may wrap the notification.
 */
export function decodeMessageText(text: unknown, path: string, inSqs: boolean): DecodedItem[] {
  try {
    return decodePayload(parseJsonText(text, path), path, inSqs);
  } catch (error) {
    return [rejectedItem(error, undefined, path)];
  }
}

function decodePayload(payload: unknown, path: string, inSqs: boolean): DecodedItem[] {
  if (isS3Notification(payload)) return decodeS3Notification(payload, path);
  if (isS3TestEvent(payload)) return decodeS3TestEvent(payload);
  if (isS3EventBridgeEvent(payload)) return [decodeS3EventBridgeEvent(payload, path)];
  if (inSqs && isSnsEnvelope(payload)) return decodeSnsEnvelope(payload, path);
  throw new EventDecodeError('UnknownEventShape', `expected an S3 notification${inSqs ? ', an SNS envelope of one' : ''} or an S3 test event`, { path });
}

/** SNS's JSON envelope around a message, as an SQS subscription without raw delivery receives it. */
function isSnsEnvelope(value: unknown): value is JsonObject {
  return isJsonObject(value) && typeof value.Type === 'string' && typeof value.TopicArn === 'string';
}

// SubscriptionConfirmation reaches the queue when the topic is in another account: someone
// must confirm it by visiting SubscribeURL, which a function should not do on its own.
function decodeSnsEnvelope(envelope: JsonObject, path: string): DecodedItem[] {
  if (envelope.Type !== 'Notification') {
    return [{ kind: 'ignored', id: idFrom(envelope.MessageId), reason: `SNS ${String(envelope.Type).slice(0, 40)} message (confirm subscriptions from the SNS console or SubscribeURL)`, level: 'warn' }];
  }
  const messagePath = at(path, 'Message');
  return decodePayload(parseJsonText(envelope.Message, messagePath), messagePath, false);
}
