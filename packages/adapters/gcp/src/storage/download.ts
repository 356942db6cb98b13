import type { Readable } from 'node:stream';
import { Readable as NodeReadable } from 'node:stream';
import type { Bucket } from '@google-cloud/storage';
import type { ByteRange, DriverGetOptions, DriverObject } from '@faasade/core/storage';
import { abortReason, untilAborted } from './abort.js';
import { gcsErrorCode } from './errors.js';
import { toObjectInfo } from './object-info.js';
import { SDK_REQUEST_TIMEOUT_MS, stallGuard } from './stall-guard.js';

/** How often `get` starts over when the generation it pinned is replaced before the read. */
const MAX_ATTEMPTS = 3;

/** Inclusive byte bounds for `createReadStream`, `'none'` for an empty result, undefined for all. */
function boundsFor(size: number, range: ByteRange | undefined): { start: number; end: number } | 'none' | undefined {
  if (!range || (range.offset === 0 && range.length === undefined)) return undefined; // whole object, hash-checked
  if (range.offset >= size) return 'none';
  const end = range.length === undefined ? size : Math.min(size, range.offset + range.length);
  return { start: range.offset, end: end - 1 };
}

/**
 * Resolves once the response headers arrived with a 2xx status, so a missing object
 * rejects `get` itself instead of surfacing as a stream error later. The SDK only sends
 * the request when the stream is first read; `read(0)` asks for that without consuming.
 */
function whenResponding(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      stream.off('response', onResponse);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onResponse = (response: { statusCode?: number }): void => {
      // For an error status the SDK reads the body and then destroys the stream with an ApiError.
      if ((response.statusCode ?? 0) >= 300) return;
      cleanup();
      resolve();
    };
    const onError = (error: unknown): void => { cleanup(); reject(error); };
    const onClose = (): void => { cleanup(); reject(new Error('The download stream closed before a response arrived')); };
    stream.on('response', onResponse);
    stream.once('error', onError);
    stream.once('close', onClose);
    stream.read(0);
  });
}

/** Ties the body's lifetime to the caller's signal. */
function abortWith(stream: Readable, signal: AbortSignal | undefined): void {
  if (!signal) return;
  const onAbort = (): void => { stream.destroy(abortReason(signal) as Error); };
  signal.addEventListener('abort', onAbort, { once: true });
  stream.once('close', () => signal.removeEventListener('abort', onAbort));
}

/**
 * A streamed read of one fixed version: the metadata request yields the generation, and
 * the media request asks for exactly that generation, so a concurrent overwrite can never
 * mix into the body. If that generation is replaced in between, the media request finds
 * it gone (404) and the read starts over with the new one.
 */
export async function openObject(bucket: Bucket, key: string, opts: DriverGetOptions): Promise<DriverObject> {
  for (let attempt = 1; ; attempt++) {
    const [resource] = await untilAborted(bucket.file(key).getMetadata(), opts.signal);
    const info = toObjectInfo(key, resource);
    const bounds = boundsFor(info.size, opts.range);
    if (bounds === 'none') return { info, body: NodeReadable.from([]) };
    const pinned = bucket.file(key, { generation: resource.generation ?? 0 });
    const body = pinned.createReadStream(bounds ?? {});
    abortWith(body, opts.signal);
    try {
      await whenResponding(body);
      return { info, body: stallGuard(body, requestTimeoutOf(bucket)) };
    } catch (error) {
      body.destroy();
      if (attempt >= MAX_ATTEMPTS || gcsErrorCode(error) !== 'NotFound') throw error;
    }
  }
}

/** The client's request timeout (`timeout` in its options), which bounds a stalled download too. */
function requestTimeoutOf(bucket: Bucket): number {
  const timeout = (bucket.storage as { timeout?: unknown }).timeout;
  return typeof timeout === 'number' && timeout > 0 ? timeout : SDK_REQUEST_TIMEOUT_MS;
}
