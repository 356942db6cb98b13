import type { ApiGatewayV2Event, ApiGatewayV2Result } from '../types.js';
import type { EventShape } from './event-shape.js';
import { isPayloadV2, resultV2, V2RequestParts } from './payload-v2.js';

// Function URLs are served only from <url-id>.lambda-url.<region>.on.aws.
const FUNCTION_URL_DOMAIN = '.lambda-url.';

/**
 * Lambda Function URLs: payload 2.0 from `<url-id>.lambda-url.<region>.on.aws`, with
 * `rawPath` still percent-encoded as the client sent it, and no stage.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
 */
export const functionUrlShape: EventShape<ApiGatewayV2Event, ApiGatewayV2Result> = {
  name: 'Lambda Function URL',
  matches: (event): event is ApiGatewayV2Event => {
    if (!isPayloadV2(event)) return false;
    const domain = event.requestContext.domainName;
    return typeof domain === 'string' && domain.includes(FUNCTION_URL_DOMAIN);
  },
  toRequest: (fn, event, ctx) => new V2RequestParts(fn, event, ctx, false),
  toResult: (parts) => resultV2(parts),
};
