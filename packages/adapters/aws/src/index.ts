/**
 * @faasade/aws — run faasade functions on AWS Lambda: HTTP functions behind API Gateway
 * (REST and HTTP APIs), Lambda Function URLs and Application Load Balancers; object
 * functions on S3 event notifications, directly or through SQS or SNS, and on EventBridge.
 * `@faasade/aws/http` and `@faasade/aws/object` hold each trigger's part alone, for
 * smaller bundles.
 * @packageDocumentation
 */
export { lambdaHandler } from './handler.js';
export { lambdaHttpHandler, type LambdaHttpHandler } from './http/handler.js';
export { lambdaObjectHandler, type LambdaObjectHandler } from './events/object-handler.js';
export { decodeS3Key } from './events/s3-key.js';
export { awsPlatform, type AwsPlatform } from './http/platform.js';
export type {
  AlbEvent,
  AlbResult,
  ApiGatewayV1Event,
  ApiGatewayV1Result,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  LambdaContext,
  LambdaHttpEvent,
  LambdaHttpResult,
  StringListMap,
  StringMap,
  WarmupPingEvent,
  WarmupResult,
} from './types.js';
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
