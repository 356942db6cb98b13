import { createJsonLogger, type LogSink, type Logger } from '../log/logger.js';
import type { FunctionDefinition } from '../function/types.js';
import type { Cloud, Context, PlatformInfo } from './context.js';
import { InvocationTelemetry, recordsEveryInvocation, TELEMETRY } from '../observability/invocation-telemetry.js';
import type { Metrics } from '../observability/metrics/metric-types.js';
import type { TraceInfo } from '../observability/trace-info.js';

/** What an adapter knows when an invocation starts. */
export interface ContextInit {
  fn: FunctionDefinition;
  cloud: Cloud;
  /** The platform's id for the invocation; a random UUID when it gives none. */
  invocationId?: string | undefined;
  /** Deadline in epoch ms when the platform tells it (Lambda); otherwise the declared timeout from now. */
  deadline?: number | undefined;
  /** The raw platform event and context. */
  event: unknown;
  platformContext?: unknown;
  /**
   * Replaces the default logger (Azure routes entries through its own context). This and
   * `logSink` are read when the context's logger is first used, not when it is created,
   * so an init object may make them on demand (getters).
   */
  log?: Logger | undefined;
  /** Where the default logger writes its JSON lines (stdout when not given). */
  logSink?: LogSink | undefined;
  /**
   * Reads one request header by lower-case name, for the incoming trace context
   * (`traceparent`, `tracestate`, `x-cloud-trace-context`, `x-amzn-trace-id`). Called only
   * when a log line or a recording tracer needs the trace: read the platform's own header
   * record (see `headerReader`), never build a `Headers` object for it.
   */
  traceHeader?: ((name: string) => string | undefined) | undefined;
  /**
   * A W3C trace context the platform hands over outside the headers (Azure's
   * `context.traceContext.traceParent`); it wins over the headers. On AWS, Lambda's
   * `_X_AMZN_TRACE_ID` is read by core itself.
   */
  traceparent?: string | undefined;
  tracestate?: string | undefined;
  /** The function's `cloud.resource_id` when the adapter knows it (the Lambda function ARN). */
  resourceId?: string | undefined;
}

/** A context plus the hook the adapter calls when the invocation ends. */
export interface ManagedContext extends Context {
  /** When `signal` fires (epoch ms): the deadline less a margin of 10% of the budget, at most 500 ms. */
  readonly signalAt: number;
  /** Stops the deadline timer; call once the invocation has answered. */
  dispose(): void;
}

const DEFAULT_TIMEOUT_SECONDS = 60;
const MAX_ABORT_MARGIN_MS = 500;

// Instances are processes: a definition seen here has already had its cold start.
const warmFunctions = new WeakSet<FunctionDefinition>();
// The last one seen, checked first: an instance mostly runs one function.
let lastWarm: FunctionDefinition | undefined;

/** True when `fn` has been invoked in this process before; marks it so. */
function isWarm(fn: FunctionDefinition): boolean {
  if (fn === lastWarm) return true;
  lastWarm = fn;
  if (warmFunctions.has(fn)) return true;
  warmFunctions.add(fn);
  return false;
}

class InvocationContext implements ManagedContext {
  readonly invocationId: string;
  readonly coldStart: boolean;
  /** Made on first read: few handlers look at the raw platform objects. */
  #platform: PlatformInfo | undefined;
  /** The init's logger, or one made on first use. */
  #log: Logger | undefined;
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #started = Date.now();
  readonly #init: ContextInit;
  /** The platform's deadline, when it tells one (Lambda), as the init gave it at the start. */
  readonly #givenDeadline: number | undefined;
  /** The invocation's trace, span, outcome and metrics (observability/invocation-telemetry.ts). */
  #telemetry: InvocationTelemetry | undefined;

  constructor(init: ContextInit) {
    this.invocationId = init.invocationId || crypto.randomUUID();
    this.#givenDeadline = init.deadline;
    this.coldStart = !isWarm(init.fn);
    // `log` and `logSink` are read when the logger is first needed: an adapter may make them
    // on demand (the dev server's sink is a closure most invocations never need).
    this.#init = init;
    if (recordsEveryInvocation(init.cloud)) this.#telemetry = new InvocationTelemetry(this, init);
  }

  // Read from the init rather than copied: a field set per invocation is code and memory on
  // every request, and these are read by few.
  get functionName(): string {
    return this.#init.fn.options.name;
  }

  get cloud(): Cloud {
    return this.#init.cloud;
  }

  // The deadline and when the signal fires are worked out when read, not stored: both are
  // numbers V8 boxes in a field of their own, on every invocation, and few read them.
  get deadline(): number {
    return this.#givenDeadline ?? this.#started + (this.#init.fn.options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  }

  get signalAt(): number {
    const deadline = this.deadline;
    return deadline - Math.min(MAX_ABORT_MARGIN_MS, Math.floor((deadline - this.#started) / 10));
  }

  get platform(): PlatformInfo {
    const init = this.#init;
    return (this.#platform ??= { cloud: init.cloud, event: init.event, context: init.platformContext });
  }

  /** `ctx.platform.event` without making `ctx.platform` (core reads it on every HTTP invocation). */
  static eventOf(ctx: Context): unknown {
    return #init in ctx ? (ctx as InvocationContext).#init.event : ctx.platform.event;
  }

  /** See `telemetryOf`: made here on first need when nothing records every invocation. */
  [TELEMETRY](make: boolean): InvocationTelemetry | undefined {
    if (!this.#telemetry && make) {
      // Started with the invocation, not now: the same instant on the monotonic clock.
      this.#telemetry = new InvocationTelemetry(this, this.#init, performance.now() - (Date.now() - this.#started));
    }
    return this.#telemetry;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  // Created on first use: most handlers never read it, and a timer per invocation is not free.
  get signal(): AbortSignal {
    return (this.#controller ??= this.#deadlineController()).signal;
  }

  // Apart from the getter: a function making a closure allocates its context on every call.
  #deadlineController(): AbortController {
    const controller = new AbortController();
    const delay = this.signalAt - Date.now();
    const abort = () => controller.abort(new DOMException(`function ${this.functionName} is about to reach its deadline`, 'TimeoutError'));
    if (delay <= 0) abort();
    else {
      this.#timer = setTimeout(abort, delay);
      this.#timer.unref?.();
    }
    return controller;
  }

  get log(): Logger {
    return (this.#log ??= this.#init.log ?? this.#defaultLogger());
  }

  // Apart from the getter: a function making a closure allocates its context on every call.
  #defaultLogger(): Logger {
    return createJsonLogger({
      sink: this.#init.logSink,
      fields: { function: this.functionName, invocationId: this.invocationId, cloud: this.cloud, coldStart: this.coldStart },
      trace: () => this[TELEMETRY](true)!.trace(),
    });
  }

  get trace(): TraceInfo | undefined {
    return this[TELEMETRY](true)!.trace();
  }

  traceHeaders(): Record<string, string> {
    return this[TELEMETRY](true)!.traceHeaders();
  }

  get metrics(): Metrics {
    return this[TELEMETRY](true)!.metrics;
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    // observability: ends the span and writes the metrics unless invokeHttp / invokeObjectEvent already did.
    this.#telemetry?.finishSoon();
  }
}

/** The raw platform event of an invocation (`ctx.platform.event`), read without making `ctx.platform`. */
export function platformEventOf(ctx: Context): unknown {
  return InvocationContext.eventOf(ctx);
}

/** Creates the context of one invocation. For adapters. */
export function createContext(init: ContextInit): ManagedContext {
  return new InvocationContext(init);
}
