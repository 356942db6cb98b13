import type { HttpRequest, InvocationContext } from '@azure/functions';
import type { Context } from '@faasade/core';

/** The raw Azure objects behind an invocation. */
export interface AzurePlatform {
  /** The library's `HttpRequest` (its `params`, `query` and `user` are here). */
  request: HttpRequest;
  /** The library's `InvocationContext` (extra inputs and outputs, trace context, logging). */
  context: InvocationContext;
}

/**
 * The Azure objects behind `ctx`, typed: the escape hatch for what the neutral model
 * does not carry. Undefined when the function runs on another cloud.
 *
 * @example
 * const user = azurePlatform(ctx)?.request.user;
 */
export function azurePlatform(ctx: Context): AzurePlatform | undefined {
  const { platform } = ctx;
  if (platform.cloud !== 'azure') return undefined;
  return { request: platform.event as HttpRequest, context: platform.context as InvocationContext };
}
