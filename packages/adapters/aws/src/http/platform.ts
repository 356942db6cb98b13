import type { Context } from '@faasade/core';
import type { LambdaContext, LambdaHttpEvent } from '../types.js';

/** The raw Lambda objects behind an invocation. */
export interface AwsPlatform<E = LambdaHttpEvent> {
  /** The event exactly as Lambda delivered it. */
  readonly event: E;
  /** The Lambda context (request id, remaining time, ARN, log group). */
  readonly context: LambdaContext;
}

/**
 * The escape hatch to what the neutral model does not carry (authorizer claims, stage
 * variables, the target group ARN): the raw event and context, typed. `undefined` when
 * the function is not running on AWS, so portable code can branch on it.
 *
 * @example
 * const claims = awsPlatform<ApiGatewayV2Event>(ctx)?.event.requestContext.authorizer;
 */
export function awsPlatform<E = LambdaHttpEvent>(ctx: Context): AwsPlatform<E> | undefined {
  const platform = ctx.platform;
  if (platform.cloud !== 'aws') return undefined;
  return { event: platform.event as E, context: platform.context as LambdaContext };
}
