import { describe, expect, it } from 'vitest';
import { EventDecodeError } from '@faasade/core';
import { decodeEvent } from '../src/events/decode.js';
import { decodeBlobTrigger } from '../src/events/blob-trigger.js';

// Decoding edge cases not worth a host round trip; the vendor events and the delivery
// styles run inside @azure/functions in test/azure/storage-events*.test.ts.
const blobCreated = (fields: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  id: 'e1',
  eventType: 'Microsoft.Storage.BlobCreated',
  subject: '/blobServices/default/containers/images/blobs/uploads/a.jpg',
  eventTime: '2024-05-01T10:00:00.1234567Z',
  topic: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/mystorage',
  data: { api: 'PutBlob', url: 'https://mystorage.blob.core.windows.net/images/uploads/a.jpg', ...data },
  ...fields,
});

function decodeError(value: unknown, path = 'event'): EventDecodeError {
  try {
    decodeEvent(value, path);
  } catch (error) {
    if (error instanceof EventDecodeError) return error;
    throw error;
  }
  throw new Error('expected an EventDecodeError');
}

function objectEvent(value: unknown) {
  const decoded = decodeEvent(value, 'event');
  if (decoded.kind !== 'object') throw new Error(`decoded as ${decoded.kind}`);
  return decoded.event;
}

describe('decodeEvent', () => {
  it('maps escaped blob names back to the keys the Blob driver wrote (a segment-final dot, a percent sign)', () => {
    const event = objectEvent(blobCreated({ subject: '/blobServices/default/containers/images/blobs/uploads/v1%2E/100%25.jpg' }));
    expect(event.data.key).toBe('uploads/v1./100%.jpg');
  });

  it('takes the account from the topic, else from a service URL (Azurite path style), never from a custom domain', () => {
    expect(objectEvent(blobCreated()).source).toBe('azblob://mystorage/images');
    expect(objectEvent(blobCreated({ topic: undefined }, { url: 'http://127.0.0.1:10000/devstoreaccount1/images/uploads/a.jpg' })).source).toBe('azblob://devstoreaccount1/images');
    expect(objectEvent(blobCreated({ topic: undefined }, { url: 'https://cdn.example.com/images/uploads/a.jpg' })).source).toBe('azblob://images');
  });

  it('keeps the time as Azure wrote it (seven fractional digits are valid RFC 3339)', () => {
    expect(objectEvent(blobCreated()).time).toBe('2024-05-01T10:00:00.1234567Z');
  });

  it('reports events of other types as such, without reading their data', () => {
    expect(decodeEvent(blobCreated({ eventType: 'Microsoft.Storage.BlobRenamed', data: null }), 'event')).toEqual({ kind: 'other', id: 'e1', type: 'Microsoft.Storage.BlobRenamed' });
  });

  it.each([
    [null, 'UnknownEventShape', 'event'],
    [{ hello: 'world' }, 'UnknownEventShape', 'event'],
    [blobCreated({ id: '' }), 'MalformedEvent', 'event.id'],
    [blobCreated({ eventTime: 'yesterday' }), 'MalformedEvent', 'event.eventTime'],
    [blobCreated({ eventTime: '1' }), 'MalformedEvent', 'event.eventTime'],
    [blobCreated({ subject: '/blobServices/default/containers/images/blobs/' }), 'MalformedEvent', 'event.subject'],
    [blobCreated({}, { contentLength: -1 }), 'MalformedEvent', 'event.data.contentLength'],
    [blobCreated({}, { contentLength: 1.5 }), 'MalformedEvent', 'event.data.contentLength'],
    [blobCreated({}, { eTag: 42 }), 'MalformedEvent', 'event.data.eTag'],
    [blobCreated({}, { url: ['x'] }), 'MalformedEvent', 'event.data.url'],
    [{ specversion: '1.0', id: 'c1', type: 'Microsoft.Storage.BlobCreated', source: '/s', subject: '/blobServices/default/containers/a1b/blobs/k', time: '2024-05-01T10:00:00Z', data_base64: 'AAAA' }, 'MalformedEvent', 'event.data'],
    [{ specversion: '1.0', id: 'c1', type: 'Microsoft.Storage.BlobCreated', subject: '/blobServices/default/containers/a1b/blobs/k' }, 'MalformedEvent', 'event.source'],
  ])('refuses %j with %s at %s', (value, code, path) => {
    expect(decodeError(value)).toMatchObject({ code, path });
  });
});

describe('decodeBlobTrigger', () => {
  const metadata = { blobTrigger: 'images/uploads/a b.jpg', uri: 'http://127.0.0.1:10000/devstoreaccount1/images/uploads/a%20b.jpg', properties: { length: 3, eTag: '"0x1"', contentType: 'image/jpeg', lastModified: '2024-05-01T10:00:00+00:00' } };

  it('reads container and key from BlobTrigger, the account from the URI', () => {
    expect(decodeBlobTrigger(metadata, 'inv-1')).toMatchObject({
      id: 'uploads/a b.jpg#"0x1"', source: 'azblob://devstoreaccount1/images', time: '2024-05-01T10:00:00.000Z',
      data: { bucket: 'images', key: 'uploads/a b.jpg', size: 3, etag: '"0x1"', contentType: 'image/jpeg' },
    });
  });

  it('uses the invocation id when there is no etag, and tolerates missing properties', () => {
    expect(decodeBlobTrigger({ blobTrigger: 'images/k' }, 'inv-1')).toMatchObject({ id: 'inv-1', data: { bucket: 'images', key: 'k' } });
  });

  it.each([
    [undefined, 'triggerMetadata'],
    [{}, 'triggerMetadata.blobTrigger'],
    [{ blobTrigger: 'no-slash' }, 'triggerMetadata.blobTrigger'],
    [{ blobTrigger: 'images/k', properties: 'x' }, 'triggerMetadata.properties'],
  ])('refuses %j at %s', (value, path) => {
    expect(() => decodeBlobTrigger(value, 'inv-1')).toThrow(expect.objectContaining({ code: 'MalformedEvent', path }));
  });
});
