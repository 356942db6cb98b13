import { describe, expect, it } from 'vitest';
import { FaasadeConfigError, onObject, type ObjectEvent } from '@faasade/core';
import { boundBucketName, createContext, createObjectEvent, invokeObjectEvent, objectSkipReason } from '@faasade/core/adapter';
import { bucketEnvName } from '@faasade/core/storage';

const event = (key: string, type: ObjectEvent['type'] = 'object.created', bucket = 'phys-images'): ObjectEvent =>
  createObjectEvent({ id: 'e1', source: `s3://${bucket}`, type, time: '2026-01-01T00:00:00Z', data: { bucket, key }, cloud: 'local', raw: {} });

describe('onObject', () => {
  const fn = onObject({ name: 'thumbs', bucket: 'images', prefix: 'uploads/', suffix: '.jpg' }, () => {});

  it('defaults to created events and applies prefix, suffix and bucket filters', () => {
    expect(objectSkipReason(fn, event('uploads/a.jpg'))).toBeUndefined();
    expect(objectSkipReason(fn, event('uploads/a.jpg', 'object.deleted'))).toBe('event-type');
    expect(objectSkipReason(fn, event('processed/a.jpg'))).toBe('prefix');
    expect(objectSkipReason(fn, event('uploads/a.png'))).toBe('suffix');
    expect(objectSkipReason(fn, event('uploads/a.jpg'), 'other-bucket')).toBe('bucket');
    expect(objectSkipReason(fn, event('uploads/a.jpg'), 'phys-images')).toBeUndefined();
  });

  it('acknowledges a skipped event without running the handler, and rethrows handler errors', async () => {
    let calls = 0;
    const failing = onObject({ name: 'f', bucket: 'images', prefix: 'uploads/' }, () => {
      calls++;
      throw new Error('boom');
    });
    const ctx = () => createContext({ fn: failing, cloud: 'local', event: {}, logSink: () => {} });
    await expect(invokeObjectEvent(failing, event('other/x'), ctx())).resolves.toEqual({ status: 'skipped', reason: 'prefix' });
    expect(calls).toBe(0);
    await expect(invokeObjectEvent(failing, event('uploads/x'), ctx())).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });

  it('acknowledges, with one warning, an event whose key the storage API refuses: a redelivery would fail the same way', async () => {
    let calls = 0;
    const fn = onObject({ name: 'k', bucket: 'images', prefix: 'uploads/' }, () => void calls++);
    for (const key of ['uploads/bell\u0007.jpg', 'uploads/\ud800.jpg', `uploads/${'é'.repeat(600)}`]) {
      const lines: Array<{ line: string; level: string }> = [];
      const ctx = createContext({ fn, cloud: 'local', event: {}, logSink: (line, level) => void lines.push({ line, level }) });
      expect(objectSkipReason(fn, event(key))).toBe('key');
      await expect(invokeObjectEvent(fn, event(key), ctx)).resolves.toEqual({ status: 'skipped', reason: 'key' });
      expect(lines.map((l) => l.level)).toEqual(['warn']);
      expect(JSON.parse(lines[0]!.line)).toMatchObject({ problem: expect.stringContaining('key'), key });
    }
    expect(calls).toBe(0);
  });

  it('rejects invalid declarations', () => {
    expect(() => onObject({ name: 'x', bucket: 'Images bucket' }, () => {})).toThrow(FaasadeConfigError);
    expect(() => onObject({ name: 'x', bucket: 'images', events: [] }, () => {})).toThrow(FaasadeConfigError);
    expect(() => onObject({ name: 'x', bucket: 'images', events: ['updated' as 'created'] }, () => {})).toThrow(FaasadeConfigError);
  });
});

describe('boundBucketName', () => {
  it('reads the physical name from the binding variable bucket() uses', () => {
    for (const [binding, url, name] of [
      ['images', 's3://my-images?region=eu-west-1', 'my-images'],
      ['raw-uploads', 'gs://raw-uploads-prod', 'raw-uploads-prod'],
      ['images', 'azblob://photos?account=acct', 'photos'],
      ['images', 'file:///srv/buckets/images-local', 'images-local'],
    ] as const) {
      expect(boundBucketName(binding, { [bucketEnvName(binding)]: url })).toBe(name);
    }
    expect(boundBucketName('images', {})).toBeUndefined();
    expect(boundBucketName('images', { FAASADE_BUCKET_IMAGES: 'not a url' })).toBeUndefined();
  });
});
