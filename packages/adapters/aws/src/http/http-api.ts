import type { ApiGatewayV2Event, ApiGatewayV2Result } from '../types.js';
import type { EventShape } from './event-shape.js';
import { isPayloadV2, resultV2, V2RequestParts } from './payload-v2.js';

/**
 * API Gateway HTTP API, payload format 2.0. Its `rawPath` arrives percent-decoded (and
 * with a named stage in front: the URL the client used), so it is encoded again; its
 * `rawQueryString` is as sent. Behind a custom domain's API mapping, `rawPath` lacks the
 * mapping key, which no field of the event carries.
 */
export const httpApiShape: EventShape<ApiGatewayV2Event, ApiGatewayV2Result> = {
  name: 'API Gateway HTTP API (payload 2.0)',
  matches: isPayloadV2,
  toRequest: (fn, event, ctx) => new V2RequestParts(fn, event, ctx, true),
  toResult: (parts) => resultV2(parts),
};
