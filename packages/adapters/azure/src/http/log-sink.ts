import type { InvocationContext } from '@azure/functions';
import type { LogSink } from '@faasade/core/adapter';

type ContextMethod = 'debug' | 'info' | 'warn' | 'error';

// Core writes each entry as {"time":…,"level":…,…}; the level decides which context
// method carries the line, so the host files it at the right severity.
const LEVEL = /^\{"time":"[^"]*","level":"(debug|info|warn|error)"/;

/**
 * Sends faasade's JSON log lines through the invocation's `context`, so the host tags them
 * with the invocation id and function name (Application Insights correlates them with
 * the request); plain stdout would reach the host as uncorrelated worker output. Falls
 * back to stdout when there is no usable context.
 */
export function contextLogSink(context: InvocationContext | undefined): LogSink | undefined {
  if (typeof context?.info !== 'function') return undefined;
  return (line) => {
    const method: ContextMethod = (LEVEL.exec(line)?.[1] as ContextMethod | undefined) ?? 'info';
    context[method](line.endsWith('\n') ? line.slice(0, -1) : line);
  };
}
