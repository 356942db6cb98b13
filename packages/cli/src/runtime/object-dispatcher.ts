import type { ObjectEvent, ObjectFunction } from '@faasade/core';
import { createObjectEvent, objectSkipReason, writeTraceparent } from '@faasade/core/adapter';
import type { ObjectChange } from '../storage/bucket-watcher.js';
import type { BucketBinding } from '../storage/bindings.js';
import type { Reporter } from '../output/reporter.js';
import { deliverEvent } from './deliver-event.js';
import type { InvocationTracer } from './tracing.js';
import type { FunctionRegistry, RegisteredFunction } from './registry.js';

/** Options of {@link ObjectDispatcher}. */
export interface DispatcherOptions {
  registry: FunctionRegistry;
  reporter: Reporter;
  /**
   * Pauses before each redelivery of a failed event; its length is the number of retries
   * (default two, 0.5 s then 1 s: Lambda's asynchronous invocations retry twice too).
   */
  retryDelaysMs?: readonly number[];
  /** With `--trace`: where each invocation's spans come from. */
  tracer?: InvocationTracer | undefined;
}

interface Pending {
  event: ObjectEvent;
  binding: BucketBinding;
  attempt: number;
}

/**
 * Delivers storage events to the object functions whose declarations match them, the
 * way the clouds do: filters from the declaration (core's `objectSkipReason`), one event
 * at a time per function instance in the order they came (so per key too), and at least
 * once — a handler that throws gets the same event (same id) again, up to the retry limit.
 * While a function's module cannot load, its events wait and are delivered after a fix.
 */
export class ObjectDispatcher {
  readonly #registry: FunctionRegistry;
  readonly #reporter: Reporter;
  readonly #retryDelays: readonly number[];
  readonly #tracer: InvocationTracer | undefined;
  readonly #queues = new Map<string, Pending[]>();
  readonly #running = new Set<string>();
  readonly #idle = new Set<() => void>();
  #closed = false;

  constructor(options: DispatcherOptions) {
    this.#registry = options.registry;
    this.#reporter = options.reporter;
    this.#retryDelays = options.retryDelaysMs ?? [500, 1000];
    this.#tracer = options.tracer;
  }

  /** Turns a change seen in `binding` into an event and queues it for every matching function. */
  deliver(binding: BucketBinding, change: ObjectChange): void {
    const event = createObjectEvent({
      id: crypto.randomUUID(),
      source: binding.source,
      type: change.kind === 'created' ? 'object.created' : 'object.deleted',
      time: change.time,
      data: {
        bucket: binding.physical,
        key: change.key,
        ...(change.size === undefined ? {} : { size: change.size }),
        ...(change.etag === undefined ? {} : { etag: change.etag }),
        ...(change.contentType === undefined ? {} : { contentType: change.contentType }),
      },
      cloud: 'local',
      raw: change,
      // The write's trace, when it was made in this process with a recording tracer (--trace):
      // the function the event runs then continues it.
      traceparent: writeTraceparent(binding.source, change.key),
    });
    for (const target of this.#registry.objectFunctions(binding.name)) {
      if (objectSkipReason(target.fn as ObjectFunction, event, binding.physical) !== undefined) continue;
      this.#push(target.fn.options.name, { event, binding, attempt: 1 });
    }
  }

  /** Starts delivering again to `name` (after its module loaded). */
  resume(name: string): void {
    void this.#drain(name);
  }

  /** Resolves when no event is queued or running. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.add(resolve));
  }

  /** Events waiting per function (for status output). */
  pending(): number {
    let count = 0;
    for (const queue of this.#queues.values()) count += queue.length;
    return count + this.#running.size;
  }

  close(): void {
    this.#closed = true;
    this.#queues.clear();
  }

  #push(name: string, pending: Pending): void {
    const queue = this.#queues.get(name) ?? [];
    queue.push(pending);
    this.#queues.set(name, queue);
    void this.#drain(name);
  }

  async #drain(name: string): Promise<void> {
    if (this.#running.has(name)) return;
    this.#running.add(name);
    try {
      const queue = this.#queues.get(name);
      while (queue && queue.length > 0 && !this.#closed) {
        const target = this.#registry.byName(name);
        if (!target || target.fn.trigger !== 'object') {
          queue.length = 0;
          break;
        }
        if (!target.instance) {
          // A broken module: keep the events for when it loads again.
          if (target.module.error) break;
          // Not started yet: its first event starts it (a cold start).
          await target.module.ensureLoaded();
          // Whoever owns the registry rebuilds it on load; if that did not happen, stop here.
          if (!this.#registry.byName(name)?.instance && !target.module.error) break;
          continue;
        }
        const pending = queue[0]!;
        const failed = !(await this.#run(target, pending));
        const delay = this.#retryDelays[pending.attempt - 1];
        if (failed && delay !== undefined && !this.#closed) {
          pending.attempt++;
          await new Promise((resolve) => setTimeout(resolve, delay));
        } else {
          queue.shift();
        }
      }
    } finally {
      this.#running.delete(name);
      if (this.#isIdle()) for (const resolve of this.#idle) resolve();
      if (this.#isIdle()) this.#idle.clear();
    }
  }

  async #run(target: RegisteredFunction, pending: Pending): Promise<boolean> {
    const report = await deliverEvent({ fn: target.fn as ObjectFunction, instance: target.instance!, event: pending.event, binding: pending.binding, attempt: pending.attempt, tracer: this.#tracer });
    const retryInMs = report.status === 'failed' ? this.#retryDelays[pending.attempt - 1] : undefined;
    this.#reporter.invocation(retryInMs === undefined ? report : { ...report, retryInMs });
    return report.status !== 'failed';
  }

  #isIdle(): boolean {
    if (this.#running.size > 0) return false;
    for (const queue of this.#queues.values()) if (queue.length > 0) return false;
    return true;
  }
}
