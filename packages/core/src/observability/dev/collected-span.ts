/** Attribute values as spans carry them. */
export type SpanAttributeValue = string | number | boolean | ReadonlyArray<string | number | boolean | null | undefined>;

/** A finished span as the in-process collector keeps it: plain data, ready to print or compare. */
export interface CollectedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** The parent's span id; it may belong to another process or invocation (a remote parent). */
  readonly parentSpanId?: string | undefined;
  readonly name: string;
  readonly kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  /** Epoch milliseconds. */
  readonly startTime: number;
  readonly endTime: number;
  readonly durationMs: number;
  readonly attributes: Readonly<Record<string, SpanAttributeValue>>;
  readonly status: 'unset' | 'ok' | 'error';
  readonly statusMessage?: string | undefined;
  readonly events: ReadonlyArray<{ readonly name: string; readonly time: number; readonly attributes: Readonly<Record<string, SpanAttributeValue>> }>;
}

/** Converts the API's time inputs (epoch or relative milliseconds, `Date`, `[seconds, nanos]`) to epoch milliseconds. */
export function epochMs(input: unknown, fallback: number): number {
  if (typeof input === 'number' && Number.isFinite(input)) {
    // The API takes both: numbers before the time origin are performance.now() readings.
    return input < performance.timeOrigin ? performance.timeOrigin + input : input;
  }
  if (input instanceof Date) return input.getTime();
  if (Array.isArray(input) && input.length === 2) return Number(input[0]) * 1000 + Number(input[1]) / 1e6;
  return fallback;
}

/** `count` random bytes as lower-case hex, never all zero (an invalid id). */
export function randomHex(count: number): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(count));
  if (bytes.every((byte) => byte === 0)) bytes[count - 1] = 1;
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
