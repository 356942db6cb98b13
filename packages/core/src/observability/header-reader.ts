/**
 * A header lookup over a platform's plain header record (an API Gateway event's
 * `headers`, a Node request's `headers`): exact lower-case name first, then any case,
 * first value of a list. Builds no `Headers` object, so reading a trace header never
 * loads the Fetch implementation. For `ContextInit.traceHeader`.
 *
 * @example
 * createContext({ fn, cloud: 'aws', event, traceHeader: headerReader(event.headers) });
 */
export function headerReader(headers: unknown): (name: string) => string | undefined {
  if (typeof headers !== 'object' || headers === null) return () => undefined;
  const record = headers as Record<string, unknown>;
  return (name) => {
    let value = record[name];
    if (value === undefined) {
      // API Gateway REST events keep the client's spelling (Traceparent, X-Amzn-Trace-Id).
      for (const key of Object.keys(record)) {
        if (key.length === name.length && key.toLowerCase() === name) {
          value = record[key];
          break;
        }
      }
    }
    if (Array.isArray(value)) value = value[0];
    return typeof value === 'string' ? value : undefined;
  };
}
