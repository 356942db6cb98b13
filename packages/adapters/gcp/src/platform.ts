import type { Context } from '@faasade/core';
import type { GcpHttpRequest, GcpHttpResponse } from './types.js';

/** The Functions Framework's own objects for one invocation. */
export interface GcpPlatform {
  /** The framework's request (an Express request: `rawBody`, `executionId`, `abortController`...). */
  readonly request: GcpHttpRequest;
  /** The framework's response. Writing to it yourself bypasses the handler's `Response`. */
  readonly response: GcpHttpResponse;
}

/**
 * The escape hatch to the Functions Framework's request and response, typed; undefined
 * when the function is not running on Google Cloud. Cast `request` to the framework's
 * `Request` type for Express properties not declared here.
 *
 * @example
 * const gcp = gcpPlatform(ctx);
 * if (gcp) ctx.log.info('span', { spanId: (gcp.request as { spanId?: string }).spanId });
 */
export function gcpPlatform(ctx: Context): GcpPlatform | undefined {
  if (ctx.cloud !== 'gcp') return undefined;
  return { request: ctx.platform.event as GcpHttpRequest, response: ctx.platform.context as GcpHttpResponse };
}
