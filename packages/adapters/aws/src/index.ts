/**
 * @faasade/aws — run faasade functions on AWS Lambda behind API Gateway (REST and HTTP
 * APIs), Lambda Function URLs and Application Load Balancers.
 * @packageDocumentation
 */
export { lambdaHandler, type LambdaHttpHandler } from './http/handler.js';
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
} from './types.js';
