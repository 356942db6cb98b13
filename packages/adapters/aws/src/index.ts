/**
 * @faasade/aws — run faasade functions on AWS Lambda: HTTP functions behind API Gateway
 * (REST and HTTP APIs), Lambda Function URLs and Application Load Balancers; object
 * functions on S3 event notifications, directly or through SQS or SNS, and on EventBridge.
 * `@faasade/aws/http` and `@faasade/aws/object` hold each trigger's part alone, for
 * smaller bundles.
 * @packageDocumentation
 */
export { lambdaHandler } from './handler.js';
// The per-trigger entries, together: one list of each trigger's exports, kept in its entry.
export * from './http.js';
export * from './object.js';
