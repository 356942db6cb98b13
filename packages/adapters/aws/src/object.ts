/**
 * `@faasade/aws/object` — object functions on AWS Lambda alone: `lambdaObjectHandler` for
 * S3 notifications (direct, through SQS or SNS) and EventBridge events, without the HTTP
 * translations. `@faasade/aws` exports the same and more.
 * @packageDocumentation
 */
export { lambdaObjectHandler, type LambdaObjectHandler } from './events/object-handler.js';
export { decodeS3Key } from './events/s3-key.js';
export { awsPlatform, type AwsPlatform } from './http/platform.js';
export type { LambdaContext, WarmupPingEvent, WarmupResult } from './types.js';
export type {
  EventBridgeS3Event,
  LambdaObjectEvent,
  LambdaObjectResult,
  S3EventRecord,
  S3Notification,
  S3TestEvent,
  SnsEvent,
  SnsRecord,
  SqsBatchResponse,
  SqsEvent,
  SqsRecord,
} from './events/event-types.js';
