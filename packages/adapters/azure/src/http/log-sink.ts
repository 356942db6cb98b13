import type { InvocationContext } from '@azure/functions';
import type { LogSink } from '@faasade/core/adapter';

/**
 * Sends faasade's JSON log lines through the invocation's `context`, so the host tags them
 * with the invocation id and function name (Application Insights correlates them with
 * the request); plain stdout would reach the host as uncorrelated worker output. Falls
 * back to stdout when there is no usable context.
 */
export function contextLogSink(context: InvocationContext | undefined): LogSink | undefined {
  if (typeof context?.info !== 'function') return undefined;
  // The entry's level picks the context method, so the host files it at the right severity.
  return (line, level) => {
    context[level](line.endsWith('\n') ? line.slice(0, -1) : line);
  };
}
