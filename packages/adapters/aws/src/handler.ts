import { FaasadeConfigError, type FunctionDefinition, type HttpFunction, type ObjectFunction } from '@faasade/core';
import { lambdaObjectHandler, type LambdaObjectHandler } from './events/object-handler.js';
import { lambdaHttpHandler, type LambdaHttpHandler } from './http/handler.js';

/**
 * Runs a function on AWS Lambda, one Lambda per function: an HTTP function (`onHttp`) as
 * {@link lambdaHttpHandler} describes, an object function (`onObject`) on S3 events as
 * {@link lambdaObjectHandler} describes. Export the result as the Lambda handler.
 *
 * This entry point holds both translations. A bundle for one function is smaller with the
 * trigger's own entry point: `lambdaHttpHandler` from `@faasade/aws/http`,
 * `lambdaObjectHandler` from `@faasade/aws/object` (`faasade build` uses those).
 *
 * @example
 * import hello from './hello.js';
 * export const handler = lambdaHandler(hello);
 * @throws FaasadeConfigError when `fn` is neither an HTTP nor an object function.
 */
export function lambdaHandler(fn: HttpFunction): LambdaHttpHandler;
export function lambdaHandler(fn: ObjectFunction): LambdaObjectHandler;
export function lambdaHandler(fn: FunctionDefinition): LambdaHttpHandler | LambdaObjectHandler;
export function lambdaHandler(fn: FunctionDefinition): LambdaHttpHandler | LambdaObjectHandler {
  if (fn?.trigger === 'object') return lambdaObjectHandler(fn);
  if (fn?.trigger !== 'http' || typeof fn.handler !== 'function') {
    throw new FaasadeConfigError('lambdaHandler() takes a function declared with onHttp() or onObject()');
  }
  return lambdaHttpHandler(fn);
}
