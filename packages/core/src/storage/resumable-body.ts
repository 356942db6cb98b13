import { backoffMs, interrupted, isTransient, type RetryPolicy } from '../reliability/retry.js';
import type { DriverObject } from './driver.js';
import type { StorageError } from './errors.js';
import { nextChunkOf, type ChunkSource } from './get-body.js';
import type { ByteRange } from './types.js';
import { portableError, type CallSite } from './wrap-error.js';

/** What {@link resumableBody} needs besides the first answer. */
export interface ResumeOptions {
  /** The range the caller asked for, if any. */
  range: ByteRange | undefined;
  /** Asks the driver for `range` of the same key again. */
  reopen(range: ByteRange): Promise<DriverObject>;
  /** Turns whatever the driver raised into the portable error callers see. */
  portable(error: unknown): StorageError;
  /** The bucket's retry policy; undefined when retries are off (then nothing is resumed). */
  policy: RetryPolicy | undefined;
  site: CallSite;
}

/**
 * The body of a streamed `get` that survives a connection broken part-way. Bytes already
 * handed to the caller cannot be taken back, so instead of sending the request again it
 * asks for the rest — a ranged get from the first byte not yet delivered — and goes on,
 * after checking the answer comes from the same version of the object (same etag): two
 * versions never mix in one body. Transient failures only (the same ones `withRetries`
 * retries), within the bucket's attempts and backoff, cut short by the call's signal.
 * The reader sees every byte once, or one portable error: the last failure when the
 * attempts are spent, `PreconditionFailed` when the object changed in between.
 */
export function resumableBody(first: DriverObject, options: ResumeOptions): ReadableStream<Uint8Array> {
  const { range, policy, site } = options;
  const etag = first.info.etag;
  const start = range?.offset ?? 0;
  const end = range?.length === undefined ? first.info.size : Math.min(first.info.size, start + range.length);
  let source: ChunkSource = nextChunkOf(first.body);
  let delivered = 0;
  let attempts = 1;
  let cancelled = false;

  // The source after a failure: the rest of the object from a new request, or undefined when nothing is left.
  const resume = async (failure: StorageError): Promise<ChunkSource | undefined> => {
    for (;;) {
      if (policy === undefined || attempts >= policy.maxAttempts || !isTransient(failure, site)) throw failure;
      try {
        await policy.sleep(backoffMs(policy, attempts), site.signal);
      } catch {
        throw interrupted(failure, attempts, site);
      }
      attempts++;
      if (cancelled) return undefined; // the reader gave up during the wait: ask for nothing
      const offset = start + delivered;
      if (offset >= end) return undefined; // the break came after the last byte
      let found: DriverObject;
      try {
        found = await options.reopen({ offset, length: end - offset });
      } catch (error) {
        failure = options.portable(error);
        continue;
      }
      const next = nextChunkOf(found.body);
      if (cancelled) {
        // The reader gave up while this request was on its way: release its connection.
        await next.cancel(undefined).catch(() => undefined);
        return undefined;
      }
      if (found.info.etag !== etag) {
        await next.cancel(undefined).catch(() => undefined);
        throw portableError('PreconditionFailed', `the object changed while it was read (etag ${etag}, now ${found.info.etag}) after ${delivered} of ${end - start} bytes: read it again`, site, failure);
      }
      return next;
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let chunk: Uint8Array | undefined;
        try {
          chunk = await source.read();
        } catch (error) {
          try {
            const next = await resume(options.portable(error));
            if (cancelled) return undefined;
            if (next === undefined) return controller.close();
            source = next;
            continue;
          } catch (final) {
            return controller.error(final);
          }
        }
        if (chunk === undefined) return controller.close();
        delivered += chunk.byteLength;
        return controller.enqueue(chunk);
      }
    },
    cancel: (reason) => {
      cancelled = true;
      return source.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
