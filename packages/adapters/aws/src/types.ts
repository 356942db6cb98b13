/**
 * Minimal structural types for what Lambda hands a function: the invocation context and
 * the HTTP event shapes. Declared here (as Hono does) so `@faasade/aws` needs no
 * `@types/aws-lambda`; each names only the fields the adapter reads or users commonly want.
 */

/** The Lambda invocation context, as the Node.js runtime passes it. */
export interface LambdaContext {
  /** The invocation's id; becomes `ctx.invocationId`. */
  readonly awsRequestId: string;
  readonly functionName?: string;
  readonly functionVersion?: string;
  readonly invokedFunctionArn?: string;
  readonly memoryLimitInMB?: string;
  readonly logGroupName?: string;
  readonly logStreamName?: string;
  /** Milliseconds until Lambda stops the invocation; gives `ctx.deadline`. */
  getRemainingTimeInMillis?(): number;
}

/** Single-value header or query maps as the events carry them. */
export type StringMap = Record<string, string | undefined>;
/** Multi-value maps (API Gateway REST, ALB with multi-value headers). */
export type StringListMap = Record<string, string[] | undefined>;

/** API Gateway REST API event, also HTTP API with payload format 1.0 (`version: "1.0"`). */
export interface ApiGatewayV1Event {
  version?: '1.0';
  resource?: string;
  /** Request path without the stage (REST: still percent-encoded; HTTP API: decoded). */
  path: string;
  httpMethod: string;
  headers?: StringMap | null;
  multiValueHeaders?: StringListMap | null;
  queryStringParameters?: StringMap | null;
  multiValueQueryStringParameters?: StringListMap | null;
  pathParameters?: StringMap | null;
  stageVariables?: StringMap | null;
  requestContext: {
    /** The path the client requested: with the stage, or with a custom domain's base path. */
    path?: string;
    stage?: string;
    domainName?: string;
    requestId?: string;
    httpMethod?: string;
    [key: string]: unknown;
  };
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** HTTP API payload format 2.0; Lambda Function URLs send the same shape. */
export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey?: string;
  /** HTTP API: the path decoded, with a named stage; Function URL: the path as sent. */
  rawPath: string;
  /** The query string as the client sent it, without `?`. */
  rawQueryString?: string;
  cookies?: string[];
  /** Header names in lower case; repeated headers joined with commas. */
  headers?: StringMap;
  queryStringParameters?: StringMap;
  pathParameters?: StringMap | null;
  stageVariables?: StringMap | null;
  requestContext: {
    domainName?: string;
    stage?: string;
    requestId?: string;
    http: { method: string; path?: string; protocol?: string; sourceIp?: string; userAgent?: string };
    [key: string]: unknown;
  };
  body?: string;
  isBase64Encoded?: boolean;
}

/** Application Load Balancer event; `multiValue*` fields replace the single ones when the target group enables them. */
export interface AlbEvent {
  httpMethod: string;
  /** The path as sent, percent-encoded. */
  path: string;
  /** Query keys and values as sent: ALB does not decode them. */
  queryStringParameters?: StringMap | null;
  multiValueQueryStringParameters?: StringListMap | null;
  headers?: StringMap | null;
  multiValueHeaders?: StringListMap | null;
  requestContext: { elb: { targetGroupArn: string } };
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** Every HTTP event shape the adapter understands. */
export type LambdaHttpEvent = ApiGatewayV1Event | ApiGatewayV2Event | AlbEvent;

/** Result for API Gateway REST / payload 1.0. */
export interface ApiGatewayV1Result {
  statusCode: number;
  multiValueHeaders: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** Result for HTTP API payload 2.0 and Function URLs. */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** Result for an ALB target group, in the header format its event used. */
export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** Every result the handler can return. */
export type LambdaHttpResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult;

/**
 * What a warm-up ping that is not an HTTP request (`{"faasade":"warmup"}` as the event,
 * or an EventBridge event carrying it) is answered with, by HTTP and object functions alike.
 */
export interface WarmupResult {
  faasade: 'warmup';
  coldStart: boolean;
}

/** A warm-up ping as a Lambda event: `{"faasade":"warmup"}` (an EventBridge event carrying it works too). */
export interface WarmupPingEvent {
  readonly faasade: 'warmup';
}
