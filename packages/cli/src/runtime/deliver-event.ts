import type { ObjectEvent, ObjectFunction } from '@faasade/core';
import type { LogSink } from '@faasade/core/adapter';
import type { InvocationReport, LogLine } from '../output/reporter.js';
import type { FunctionInstance } from './load-module.js';
import type { InvocationTracer } from './tracing.js';

const DEFAULT_TIMEOUT_SECONDS = 60;

/** One delivery of an event to a function instance. */
export interface Delivery {
  fn: ObjectFunction;
  instance: FunctionInstance;
  event: ObjectEvent;
  /** The binding's name (for the report) and physical bucket (for the bucket filter). */
  binding: { name: string; physical: string };
  attempt: number;
  /** With `--trace`: where the invocation's spans come from. */
  tracer?: InvocationTracer | undefined;
}

/**
 * Runs one delivery through the instance's own core (`invokeObjectEvent`: filters, the
 * handler, its error logged once) and says how it went, as the invocation line reports
 * it. The clouds stop an invocation at its timeout; a handler cannot be stopped inside
 * one process, but past `timeoutSeconds` the delivery counts as failed all the same and
 * the caller moves on, as the cloud would.
 */
export async function deliverEvent(delivery: Delivery): Promise<Omit<InvocationReport, 'retryInMs'>> {
  const { fn, instance, event } = delivery;
  const logs: LogLine[] = [];
  const logSink: LogSink = (line, level) => void logs.push({ line, level });
  const ctx = instance.runtime.createContext({ fn, cloud: 'local', event, logSink });
  const started = performance.now();
  const timeoutMs = (fn.options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  let status: 'ok' | 'skipped' | 'failed';
  try {
    const outcome = await Promise.race([instance.runtime.invokeObjectEvent(fn, event, ctx, delivery.binding.physical), timedOut]);
    if (outcome === 'timeout') {
      status = 'failed';
      logSink(`${JSON.stringify({ level: 'error', message: `timed out after ${timeoutMs / 1000} s (the function's timeoutSeconds); a cloud would stop it here` })}\n`, 'error');
    } else {
      status = outcome.status === 'processed' ? 'ok' : 'skipped';
    }
  } catch {
    // invokeObjectEvent has logged the error with the event's id and key.
    status = 'failed';
  } finally {
    clearTimeout(timer);
  }
  const report: Omit<InvocationReport, 'retryInMs'> = {
    function: fn.options.name,
    invocationId: ctx.invocationId,
    trigger: 'object',
    subject: `${event.type} ${delivery.binding.name}/${event.data.key}`,
    status,
    durationMs: performance.now() - started,
    coldStart: ctx.coldStart,
    attempt: delivery.attempt,
    logs,
  };
  if (ctx.coldStart) report.initMs = instance.loadMs;
  if (delivery.tracer) report.trace = delivery.tracer.take(ctx.invocationId);
  return report;
}
