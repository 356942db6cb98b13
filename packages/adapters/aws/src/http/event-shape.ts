import type { Context, HttpFunction } from '@faasade/core';
import type { RequestParts, ResponseParts } from '@faasade/core/adapter';

/**
 * One Lambda HTTP event shape: how to recognise it, read a request from it and write the
 * result its front door expects. The handler tries each shape's guard in turn.
 */
export interface EventShape<E, R> {
  /** Shown in logs, for example `API Gateway HTTP API (payload 2.0)`. */
  readonly name: string;
  /** Cheap structural check on the discriminating fields only; the rest is validated by `toRequest`. */
  matches(event: unknown): event is E;
  /**
   * The request parts, URL and headers built lazily (as methods of one object rather than
   * closures: this runs on every invocation). Fields the request cannot do without
   * (method, path, body) are checked here.
   * @throws EventDecodeError `MalformedEvent`, `InvalidBody` or `BodyTooLarge`.
   */
  toRequest(fn: HttpFunction, event: E, ctx: Context): RequestParts;
  /** The Lambda result for this front door. Never throws. */
  toResult(parts: ResponseParts, event: E, ctx: Context): R;
}
