/**
 * Minimal structural types of the events that carry S3 object changes to Lambda, declared
 * here (not @types/aws-lambda) with the fields the adapter reads or users commonly want.
 * Use them with `awsPlatform<SqsEvent>(ctx)` to reach what the neutral event leaves out.
 */

import type { WarmupResult } from '../types.js';

/** One record of an S3 event notification (event version 2.x). */
export interface S3EventRecord {
  eventVersion?: string;
  eventSource: 'aws:s3';
  awsRegion?: string;
  eventTime: string;
  /** `ObjectCreated:Put`, `ObjectRemoved:Delete`, `ObjectRestore:Completed`… */
  eventName: string;
  userIdentity?: { principalId?: string };
  requestParameters?: { sourceIPAddress?: string };
  responseElements?: { 'x-amz-request-id'?: string; 'x-amz-id-2'?: string };
  s3: {
    s3SchemaVersion?: string;
    /** The notification configuration's id. */
    configurationId?: string;
    bucket: { name: string; arn?: string; ownerIdentity?: { principalId?: string } };
    /** `key` is form-URL-encoded (a space is `+`); `size` and `eTag` are absent on deletes. */
    object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer?: string };
  };
}

/** An S3 event notification, as S3 invokes a function with it or writes it into SQS / SNS. */
export interface S3Notification {
  Records: S3EventRecord[];
}

/** What S3 sends to an SQS queue or SNS topic when a notification configuration is saved. */
export interface S3TestEvent {
  Service: 'Amazon S3';
  Event: 's3:TestEvent';
  Time?: string;
  Bucket?: string;
  RequestId?: string;
  HostId?: string;
}

/** One SQS message handed to Lambda by an event source mapping. */
export interface SqsRecord {
  /** What `batchItemFailures` names to have this message delivered again. */
  messageId: string;
  receiptHandle?: string;
  /** An S3 notification, an SNS envelope of one, an S3 test event or an EventBridge event, as JSON. */
  body: string;
  attributes?: Record<string, string | undefined>;
  messageAttributes?: Record<string, unknown>;
  md5OfBody?: string;
  eventSource: 'aws:sqs';
  /** The queue's ARN; FIFO queues end in `.fifo`. */
  eventSourceARN?: string;
  awsRegion?: string;
}

/** A batch of SQS messages. */
export interface SqsEvent {
  Records: SqsRecord[];
}

/** The answer to an SQS batch: the messages to deliver again (needs `ReportBatchItemFailures`). */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** One SNS notification as SNS invokes Lambda with it. */
export interface SnsRecord {
  EventSource: 'aws:sns';
  EventSubscriptionArn?: string;
  Sns: {
    Type?: string;
    MessageId: string;
    TopicArn?: string;
    Subject?: string | null;
    /** The S3 notification, as JSON. */
    Message: string;
    Timestamp?: string;
    MessageAttributes?: Record<string, unknown>;
  };
}

/** An SNS → Lambda event. */
export interface SnsEvent {
  Records: SnsRecord[];
}

/** An Amazon S3 event on EventBridge (`source: aws.s3`); `detail.object.key` is not URL-encoded. */
export interface EventBridgeS3Event {
  version?: string;
  id: string;
  /** `Object Created`, `Object Deleted`, `Object Restore Completed`… */
  'detail-type': string;
  source: 'aws.s3';
  account?: string;
  time: string;
  region?: string;
  resources?: string[];
  detail: {
    version?: string;
    bucket: { name: string };
    object: { key: string; size?: number; etag?: string; 'version-id'?: string; sequencer?: string };
    'request-id'?: string;
    requester?: string;
    reason?: string;
    'deletion-type'?: string;
  };
}

/** Every event an object function's Lambda accepts. */
export type LambdaObjectEvent = S3Notification | SqsEvent | SnsEvent | EventBridgeS3Event;

export type { WarmupResult };

/**
 * What an object function's Lambda returns: the batch response for SQS, a warm-up answer
 * for pings, nothing for the asynchronous invocations of S3, SNS and EventBridge.
 */
export type LambdaObjectResult = SqsBatchResponse | WarmupResult | undefined;
