import type { Context } from '../context/context.js';

/**
 * `init` for `fetch` with this invocation's trace headers added (`traceparent`,
 * `tracestate`), so the called service — another faasade function on any cloud, or
 * anything that speaks W3C Trace Context — continues the same trace. Headers the caller
 * set are kept; the caller's own `traceparent`, if any, wins.
 *
 * @example
 * const answer = await fetch(`${BILLING_URL}/charge`, withTraceHeaders(ctx, { method: 'POST', body }));
 */
export function withTraceHeaders(ctx: Pick<Context, 'traceHeaders'>, init: RequestInit = {}): RequestInit {
  const trace = ctx.traceHeaders();
  const names = Object.keys(trace);
  if (names.length === 0) return init;
  // A Headers object is made only here, for a call that is about to use fetch (and so undici) anyway.
  const headers = new Headers(init.headers);
  for (const name of names) if (!headers.has(name)) headers.set(name, trace[name]!);
  return { ...init, headers };
}
