import type { EmfOptions } from './emf.js';

const templates = new Map<string, string>();

/**
 * The EMF line of faasade's own invocation metrics alone — the common case, written on
 * every Lambda invocation, so it needs none of the bridge's code — from a template made
 * once per function: the same document `emfLines` (emf.ts) makes, without grouping and
 * serialising it each time.
 */
export function invocationEmfLine(options: EmfOptions, values: { failed: boolean; coldStart: boolean; durationMs: number }): string {
  const key = `${options.namespace}\u0000${options.functionName}\u0000${options.level ?? ''}`;
  let middle = templates.get(key);
  if (middle === undefined) {
    const definitions = [['faas.invocations', 'Count'], ['faas.errors', 'Count'], ['faas.coldstarts', 'Count'], ['faas.invoke_duration', 'Milliseconds']]
      .map(([name, unit]) => ({ Name: name, Unit: unit }));
    middle = `,"CloudWatchMetrics":[${JSON.stringify({ Namespace: options.namespace, Dimensions: [['function']], Metrics: definitions })}]},"function":${JSON.stringify(options.functionName)}`
      + (options.level ? `,"level":${JSON.stringify(options.level)}` : '');
    templates.set(key, middle);
  }
  const request = options.requestId ? `,"requestId":${JSON.stringify(options.requestId)}` : '';
  return `{"_aws":{"Timestamp":${Math.round(options.timestamp)}${middle}${request},"faas.invocations":1,"faas.errors":${values.failed ? 1 : 0},`
    + `"faas.coldstarts":${values.coldStart ? 1 : 0},"faas.invoke_duration":${Math.round(values.durationMs * 1000) / 1000}}`;
}
