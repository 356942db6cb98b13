/**
 * @faasade/core — write a function once on the Web platform's Request/Response and run
 * it on AWS Lambda, Azure Functions and Google Cloud Functions.
 * @packageDocumentation
 */
export { onHttp, onObject } from './function/define.js';
export type {
  FunctionDefinition, FunctionOptions, HttpFunction, HttpFunctionOptions, HttpHandler, HttpMethod,
  ObjectFunction, ObjectFunctionOptions, ObjectHandler,
} from './function/types.js';
export type { ObjectEvent, ObjectEventData, ObjectEventType } from './events/object-event.js';
export type { Cloud, Context, PlatformInfo } from './context/context.js';
export { HttpError, isHttpError } from './errors/http-error.js';
export { EventDecodeError, type EventDecodeErrorCode } from './errors/event-error.js';
export { FaasadeConfigError } from './errors/config-error.js';
export { json, text, binary, empty, type ResponseOptions } from './http/light-response.js';
export type { Logger, LogFields, LogLevel } from './log/logger.js';
// observability (issue 7)
export type { Metrics, MetricUnit, MetricDimensions } from './observability/metrics/metric-types.js';
export type { TraceInfo } from './observability/trace-info.js';
export { withTraceHeaders } from './observability/propagation.js';
