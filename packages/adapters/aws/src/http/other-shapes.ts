import type { LambdaHttpResult } from '../types.js';
import { albShape } from './alb.js';
import type { EventShape } from './event-shape.js';
import type { ShapeKit } from './kit.js';
import { restApiShape } from './rest-api.js';

// Also loaded on demand, in this same chunk (one chunk per dynamic import target).
export { unknownShape } from './unknown-shape.js';

/**
 * The front doors whose events carry `httpMethod` (payload 1.0): Application Load
 * Balancers, then API Gateway REST APIs (and HTTP APIs set to payload 1.0), in that order
 * (ALB events also carry `httpMethod`). Loaded by the handler on the first such event, so
 * the entry of a function behind an HTTP API (payload 2.0, what `faasade build`'s template
 * creates) or a Function URL carries only those translations.
 */
export function otherShapes(kit: ShapeKit): ReadonlyArray<EventShape<never, LambdaHttpResult>> {
  return [albShape(kit), restApiShape(kit)] as never;
}
