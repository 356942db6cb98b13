/**
 * `@faasade/aws/http` — HTTP functions on AWS Lambda alone: `lambdaHttpHandler` and the
 * HTTP event types, without the object-event decoders, so an HTTP function's bundle
 * carries only what it runs. `@faasade/aws` exports the same and more.
 * @packageDocumentation
 */
export { lambdaHttpHandler, type LambdaHttpHandler } from './http/handler.js';
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
