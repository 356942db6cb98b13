import type { Attributes, AttributeValue, Exception, Link, Span, SpanContext, SpanStatus, TimeInput } from '@opentelemetry/api';
import { epochMs, type CollectedSpan, type SpanAttributeValue } from './collected-span.js';

const KINDS: ReadonlyArray<CollectedSpan['kind']> = ['internal', 'server', 'client', 'producer', 'consumer'];

/** What a recording span is started with. */
export interface RecordingSpanInit {
  readonly context: SpanContext;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: number | undefined;
  readonly startTime: number;
  readonly attributes: Attributes | undefined;
}

/**
 * A span that records into plain data and hands it to `onEnd` once, when it ends. Enough
 * of the API's contract for `faasade dev` to show traces; an application that needs
 * sampling, processors or exporters registers the OpenTelemetry SDK instead.
 */
export class RecordingSpan implements Span {
  readonly #context: SpanContext;
  readonly #init: RecordingSpanInit;
  readonly #onEnd: (span: CollectedSpan) => void;
  readonly #attributes: Record<string, SpanAttributeValue> = {};
  readonly #events: Array<CollectedSpan['events'][number]> = [];
  #name: string;
  #status: SpanStatus = { code: 0 };
  #ended = false;

  constructor(init: RecordingSpanInit, onEnd: (span: CollectedSpan) => void) {
    this.#context = init.context;
    this.#init = init;
    this.#name = init.name;
    this.#onEnd = onEnd;
    if (init.attributes) this.setAttributes(init.attributes);
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (!this.#ended && value !== undefined && value !== null) this.#attributes[key] = value as SpanAttributeValue;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const [key, value] of Object.entries(attributes)) if (value !== undefined) this.setAttribute(key, value);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.#ended) return this;
    const isTime = typeof attributesOrTime === 'number' || attributesOrTime instanceof Date || Array.isArray(attributesOrTime);
    const attributes = (isTime ? {} : attributesOrTime ?? {}) as Record<string, SpanAttributeValue>;
    this.#events.push({ name, time: epochMs(isTime ? attributesOrTime : time, Date.now()), attributes: { ...attributes } });
    return this;
  }

  addLink(_link: Link): this {
    return this;
  }

  addLinks(_links: Link[]): this {
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (!this.#ended) this.#status = status;
    return this;
  }

  updateName(name: string): this {
    if (!this.#ended) this.#name = name;
    return this;
  }

  isRecording(): boolean {
    return !this.#ended;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const error = typeof exception === 'string' ? { message: exception } : exception;
    const attributes: Record<string, SpanAttributeValue> = {};
    if (error.name) attributes['exception.type'] = String(error.name);
    if (error.message) attributes['exception.message'] = String(error.message);
    if (error.stack) attributes['exception.stacktrace'] = String(error.stack);
    this.addEvent('exception', attributes as Attributes, time);
  }

  end(endTime?: TimeInput): void {
    if (this.#ended) return;
    this.#ended = true;
    const end = epochMs(endTime, performance.timeOrigin + performance.now());
    const start = this.#init.startTime;
    this.#onEnd({
      traceId: this.#context.traceId,
      spanId: this.#context.spanId,
      parentSpanId: this.#init.parentSpanId,
      name: this.#name,
      kind: KINDS[this.#init.kind ?? 0] ?? 'internal',
      startTime: start,
      endTime: end,
      durationMs: Math.max(0, end - start),
      attributes: { ...this.#attributes },
      status: this.#status.code === 2 ? 'error' : this.#status.code === 1 ? 'ok' : 'unset',
      statusMessage: this.#status.message,
      events: [...this.#events],
    });
  }
}
