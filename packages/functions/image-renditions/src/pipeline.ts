import type { Logger } from '@faasade/core';
import { isStorageError, type Bucket } from '@faasade/core/storage';
import type { RenditionOptions } from './config.js';
import { inspectSource, isRejection, type Rejection } from './inspect.js';
import { manifestKey, rejectedKeys, renditionKey, sourceName } from './layout.js';
import type { RejectionRecord, RenditionManifest } from './manifest.js';
import { renderRenditions } from './render.js';

/** What happened to one upload. */
export type UploadOutcome =
  | { status: 'processed'; manifest: RenditionManifest }
  | { status: 'unchanged' }
  | { status: 'rejected'; rejection: Rejection }
  | { status: 'ignored'; reason: string };

/** What {@link processUpload} needs from the invocation. */
export interface UploadContext {
  log: Logger;
  signal?: AbortSignal;
}

/**
 * Turns one uploaded source into renditions and a manifest, idempotently:
 *
 * - keys outside `uploads/` are ignored, so the function never processes its own outputs
 *   even when its trigger is misconfigured to the whole bucket;
 * - a source whose manifest already records its etag is left alone (redelivered events and
 *   re-uploads of the same bytes are no-ops), and outputs are written before the manifest,
 *   so a crash halfway leaves no manifest and the retry redoes the work;
 * - a source that is not a usable image is moved under `rejected/` with a JSON reason and
 *   the event is acknowledged: retrying it could never succeed.
 *
 * Storage errors propagate, so the platform retries transient failures.
 */
export async function processUpload(images: Bucket, key: string, options: RenditionOptions, ctx: UploadContext): Promise<UploadOutcome> {
  const started = performance.now();
  const name = sourceName(key);
  if (name === undefined) {
    ctx.log.info('ignored: not a source under uploads/', { key });
    return { status: 'ignored', reason: 'not under uploads/' };
  }
  const { signal } = ctx;
  let info;
  try {
    info = await images.head(key, { signal });
  } catch (error) {
    // Deleted (or moved to rejected/ by an earlier delivery) since the event was sent.
    if (isStorageError(error) && error.code === 'NotFound') {
      ctx.log.info('ignored: the source no longer exists', { key });
      return { status: 'ignored', reason: 'source no longer exists' };
    }
    throw error;
  }

  const previous = await readManifest(images, manifestKey(name), signal);
  if (previous?.source.etag === info.etag) {
    ctx.log.info('unchanged: renditions of this version exist', { key, etag: info.etag });
    return { status: 'unchanged' };
  }

  const reject = async (rejection: Rejection): Promise<UploadOutcome> => {
    const keys = rejectedKeys(key);
    const record: RejectionRecord = { source: { key, etag: info.etag, size: info.size }, code: rejection.code, reason: rejection.message, rejectedAt: new Date().toISOString() };
    await images.copy(keys.object, key, { signal });
    await images.putJson(keys.reason, record, { signal });
    await images.delete(key, { signal });
    ctx.log.warn('rejected upload', { key, movedTo: keys.object, code: rejection.code, reason: rejection.message });
    return { status: 'rejected', rejection };
  };

  if (info.size > options.maxInputBytes) {
    return reject({ code: 'TooLarge', message: `the upload is ${info.size} bytes; the limit is ${options.maxInputBytes}` });
  }
  const input = await images.getBytes(key, { signal });
  const readDone = performance.now();
  const source = await inspectSource(input, options);
  if (isRejection(source)) return reject(source);

  let renditions;
  try {
    renditions = await renderRenditions(input, source, options);
  } catch (error) {
    return reject({ code: 'Corrupt', message: `the image data is corrupt or truncated: ${(error as Error).message}` });
  }
  const renderDone = performance.now();

  const outputs = await Promise.all(
    renditions.map(async (r) => {
      const outputKey = renditionKey(name, r.width, r.format);
      await images.put(outputKey, r.data, { contentType: r.contentType, cacheControl: options.cacheControl, metadata: { source_etag: safeMetadata(info.etag) }, signal });
      return { key: outputKey, width: r.width, height: r.height, format: r.format, bytes: r.data.byteLength, contentType: r.contentType };
    }),
  );
  const writeDone = performance.now();
  const manifest: RenditionManifest = {
    source: { key, etag: info.etag, size: info.size, format: source.format, width: source.width, height: source.height },
    outputs,
    timings: { readMs: round(readDone - started), renderMs: round(renderDone - readDone), writeMs: round(writeDone - renderDone), totalMs: round(writeDone - started) },
    createdAt: new Date().toISOString(),
  };
  // Last: its presence means every output above is complete.
  await images.putJson(manifestKey(name), manifest, { signal, cacheControl: 'no-cache' });
  ctx.log.info('processed upload', { key, outputs: outputs.length, ...manifest.timings });
  return { status: 'processed', manifest };
}

async function readManifest(images: Bucket, key: string, signal?: AbortSignal): Promise<RenditionManifest | undefined> {
  try {
    return await images.getJson<RenditionManifest>(key, { signal });
  } catch (error) {
    if (isStorageError(error) && (error.code === 'NotFound' || error.code === 'InvalidArgument')) return undefined;
    throw error;
  }
}

// Metadata values must be printable ASCII on every cloud; etags can carry quotes.
function safeMetadata(value: string): string {
  return value.replace(/[^\x20-\x7e]|"/g, '');
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
