import type { Span, SpanContext, TraceState } from '@opentelemetry/api';
import { FLAG_SAMPLED } from './otel-api.js';
import type { TraceParent } from './trace-parent.js';

/**
 * The caller's span, as a context entry: it records nothing and only answers its span
 * context, which is all an SDK reads from a parent. (The API's `trace.setSpanContext`
 * wraps a span context the same way.)
 */
export function remoteParentSpan(parent: TraceParent): Span {
  const context: SpanContext = {
    traceId: parent.traceId,
    spanId: parent.spanId,
    traceFlags: parent.sampled ? FLAG_SAMPLED : 0,
    isRemote: true,
    ...(parent.traceState ? { traceState: parseTraceState(parent.traceState) } : {}),
  };
  const span: Span = {
    spanContext: () => context,
    setAttribute: () => span,
    setAttributes: () => span,
    addEvent: () => span,
    addLink: () => span,
    addLinks: () => span,
    setStatus: () => span,
    updateName: () => span,
    end: () => undefined,
    isRecording: () => false,
    recordException: () => undefined,
  };
  return span;
}

const MAX_MEMBERS = 32;

/** Reads a `tracestate` header into the API's immutable TraceState (invalid members are dropped). */
export function parseTraceState(raw: string): TraceState {
  const members: Array<[string, string]> = [];
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (/^[a-z0-9][_0-9a-z\-*/@]{0,255}$/.test(key) && /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/.test(value)) {
      if (!members.some(([existing]) => existing === key)) members.push([key, value]);
    }
  }
  return new MemberList(members.slice(0, MAX_MEMBERS));
}

class MemberList implements TraceState {
  readonly #members: ReadonlyArray<[string, string]>;

  constructor(members: ReadonlyArray<[string, string]>) {
    this.#members = members;
  }

  get(key: string): string | undefined {
    return this.#members.find(([name]) => name === key)?.[1];
  }

  // A new or updated member moves to the front, as the W3C spec asks.
  set(key: string, value: string): TraceState {
    return new MemberList([[key, value] as [string, string], ...this.#members.filter(([name]) => name !== key)].slice(0, MAX_MEMBERS));
  }

  unset(key: string): TraceState {
    return new MemberList(this.#members.filter(([name]) => name !== key));
  }

  serialize(): string {
    return this.#members.map(([key, value]) => `${key}=${value}`).join(',');
  }
}
