import type { Context } from '@faasade/core';
import type { GcpCloudEvent } from './events/cloud-event.js';
import type { GcpHttpRequest, GcpHttpResponse } from './types.js';

/** The Functions Framework's own objects for one invocation, by trigger. */
export type GcpPlatform =
  /** An HTTP function. */
  | {
      readonly trigger: 'http';
      /** The framework's request (an Express request: `rawBody`, `executionId`, `abortController`...). */
      readonly request: GcpHttpRequest;
      /** The framework's response. Writing to it yourself bypasses the handler's `Response`. */
      readonly response: GcpHttpResponse;
    }
  /** An object function: the CloudEvent exactly as the framework passed it (the request is not shown to CloudEvent functions). */
  | { readonly trigger: 'cloudEvent'; readonly cloudEvent: GcpCloudEvent };

/**
 * The escape hatch to the Functions Framework's objects, typed; undefined when the
 * function is not running on Google Cloud. Cast `request` to the framework's `Request`
 * type for Express properties not declared here.
 *
 * @example
 * const gcp = gcpPlatform(ctx);
 * if (gcp?.trigger === 'http') ctx.log.info('span', { spanId: (gcp.request as { spanId?: string }).spanId });
 * if (gcp?.trigger === 'cloudEvent') ctx.log.info('trace', { traceparent: gcp.cloudEvent.traceparent });
 */
export function gcpPlatform(ctx: Context): GcpPlatform | undefined {
  const { platform } = ctx;
  if (platform.cloud !== 'gcp') return undefined;
  // HTTP invocations always carry the response; CloudEvent functions never see one.
  if (platform.context === undefined) return { trigger: 'cloudEvent', cloudEvent: platform.event as GcpCloudEvent };
  return { trigger: 'http', request: platform.event as GcpHttpRequest, response: platform.context as GcpHttpResponse };
}
