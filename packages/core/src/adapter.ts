/**
 * The toolkit adapters are built from: contexts, lazily built requests, response parts
 * and error answers. faasade's own adapters use only this; so can yours.
 * @packageDocumentation
 */
export { createContext, type ContextInit, type ManagedContext } from './context/create-context.js';
export { createLightRequest, LightRequest, type RequestParts } from './http/light-request.js';
export { LightResponse } from './http/light-response.js';
export { readResponse, type ResponseParts } from './http/response-parts.js';
export { invokeHttp, answerHttp, errorParts, type HttpReply } from './http/invoke.js';
export { problemParts } from './http/problem.js';
export { decodePlatformBody, checkBodySize, isTextContentType, DEFAULT_MAX_BODY_BYTES } from './http/platform-body.js';
export { allowedMethods } from './function/define.js';
export { createJsonLogger, levelFromEnv, safeStringify, type LogSink, type JsonLoggerOptions } from './log/logger.js';
export { bodyBytes, bodyText, type BufferedBody } from './http/body.js';
export { compileRoute, type RouteMatcher, type RouteParams } from './function/route.js';
export { createObjectEvent } from './events/object-event.js';
export { objectSkipReason, type SkipReason } from './events/object-filter.js';
export { invokeObjectEvent, type ObjectEventOutcome } from './events/invoke-object.js';
export { boundBucketName } from './events/bound-bucket.js';
export { isJsonObject, objectAt, requiredString, optionalString, optionalCount, requiredTime, malformed, describe, memberPath, type JsonObject } from './events/payload-fields.js';
export { isWarmupPing, warmupParts, answerWarmupRequests, WARMUP_PAYLOAD, WARMUP_HEADER, WARMUP_DETAIL_TYPE } from './function/warmup.js';
// observability (issue 7): trace context for adapters, error reports, the in-process collector for `faasade dev`
export { headerReader } from './observability/header-reader.js';
export { parseTraceparent, formatTraceparent, type TraceParent } from './observability/trace-parent.js';
export { parseXRayHeader, parseCloudTraceContext, xrayTraceId } from './observability/platform-trace.js';
export { errorReport, eventShape, type ErrorReport, type EventShape } from './observability/error-report.js';
export { writeTraceparent } from './observability/write-traces.js';
export { SpanCollector, type SpanCollectorOptions } from './observability/dev/span-collector.js';
export { startSpanCollector, type RunningCollector } from './observability/dev/start-collector.js';
export { formatTraceTree, traceTree, type TraceTreeNode, type TraceTreeFormat } from './observability/dev/trace-tree.js';
export type { CollectedSpan, SpanAttributeValue } from './observability/dev/collected-span.js';
export { parseLogLine, type LogRecord } from './observability/dev/log-line.js';
export type { LogFormat, LogTrace } from './log/logger.js';
