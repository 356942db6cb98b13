import type { ObjectEvent, ObjectFunction } from '@faasade/core';
import { boundBucketName, createObjectEvent } from '@faasade/core/adapter';
import { CliError } from '../errors.js';
import { expectObject } from './event-file.js';

const TYPES = new Set(['object.created', 'object.deleted']);

/**
 * Reads a neutral object event: the CloudEvents-shaped `ObjectEvent` that functions get,
 * of which only `type` and `data.key` are required —
 * `{"type": "object.created", "data": {"key": "uploads/cat.jpg", "size": 1024}}`.
 * The bucket defaults to the one the function's binding names, `id` to a new UUID and
 * `time` to now.
 */
export function readObjectEvent(value: unknown, fn: ObjectFunction): ObjectEvent {
  const event = expectObject(value, 'an object event');
  const type = event.type ?? 'object.created';
  if (typeof type !== 'string' || !TYPES.has(type)) throw invalid('"type" must be "object.created" or "object.deleted"');
  const data = expectObject(event.data, 'an object event\'s "data"');
  if (typeof data.key !== 'string' || data.key === '') throw invalid('"data.key" must be the object key, such as "uploads/cat.jpg"');
  const bucket = data.bucket ?? boundBucketName(fn.options.bucket) ?? fn.options.bucket;
  if (typeof bucket !== 'string') throw invalid('"data.bucket" must be a string');
  for (const field of ['etag', 'contentType', 'versionId', 'sequencer'] as const) {
    if (data[field] !== undefined && typeof data[field] !== 'string') throw invalid(`"data.${field}" must be a string`);
  }
  if (data.size !== undefined && (typeof data.size !== 'number' || !(data.size >= 0))) throw invalid('"data.size" must be a number of bytes');
  for (const field of ['id', 'time', 'source'] as const) {
    if (event[field] !== undefined && typeof event[field] !== 'string') throw invalid(`"${field}" must be a string`);
  }
  return createObjectEvent({
    id: (event.id as string | undefined) ?? crypto.randomUUID(),
    source: (event.source as string | undefined) ?? `local://${bucket}`,
    type: type as ObjectEvent['type'],
    time: (event.time as string | undefined) ?? new Date().toISOString(),
    data: { ...(data as Record<string, unknown>), bucket, key: data.key } as ObjectEvent['data'],
    cloud: 'local',
    raw: value,
  });
}

function invalid(message: string): CliError {
  return new CliError('EventFileInvalid', `object event: ${message}`);
}
