/**
 * The bridge between an invocation and a registered OpenTelemetry SDK, and the output of
 * user metrics: everything observability does beyond noting an invocation's outcome and
 * writing log lines. Loaded with `import()` on first need (bridge-loader.ts): a function
 * with no SDK registered and no `ctx.metrics` call never parses it, so it costs no cold
 * start. It imports no module the always-loaded code imports (bundlers would move such a
 * module into a chunk every cold start then loads); what it needs from there is passed in.
 */
export { endInvocationSpan, invocationSpanStart, startInvocationSpan, type StartedSpan } from './invocation-span.js';
export { withContext } from './otel-api.js';
export { activeSpanPosition } from './trace-info.js';
export { flushProviders } from './flush.js';
export { emitMetrics } from './metrics/metrics-output.js';
export { checkedPoints } from './metrics/metric-checks.js';
export { traceStorageCall } from './storage-call-span.js';
