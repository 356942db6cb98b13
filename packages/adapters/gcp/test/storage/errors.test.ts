import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bucket, type StorageError, type StorageErrorCode } from '@faasade/core/storage';
import { GcsDriver } from '@faasade/gcp/gcs';
import { deadEndpoint, startStatusServer, type StatusServer } from './status-server.js';

// Each error comes from the real SDK reading a real HTTP answer; only the status varies.
// Retries are off so a 503 fails at once (the SDK's default would back off for seconds).
const noRetry = { autoRetry: false } as const;

function bucketAt(apiEndpoint: string): Bucket {
  return new Bucket(new GcsDriver({ bucket: 'b', clientOptions: { apiEndpoint, projectId: 'test', retryOptions: noRetry } }));
}

async function codeOf(call: Promise<unknown>): Promise<{ code: StorageErrorCode; key: string | undefined }> {
  const error = (await call.then(() => { throw new Error('expected the call to fail'); }, (e: unknown) => e)) as StorageError;
  expect(error.name).toBe('StorageError');
  return { code: error.code, key: error.key };
}

/** Every operation that talks to the service, so each path's errors are mapped. */
const operations: Array<[string, (bucket: Bucket) => Promise<unknown>]> = [
  ['head', (b) => b.head('k')],
  ['get', (b) => b.getBytes('k')],
  ['put bytes', (b) => b.put('k', 'small')],
  ['put stream', (b) => b.put('k', Readable.from([Buffer.from('streamed')]))],
  ['delete', (b) => b.delete('k', { mustExist: true })],
  ['copy', (b) => b.copy('copy-of-k', 'k')],
  ['list', (b) => b.listPage({ prefix: 'p/' })],
];

describe('GcsDriver maps service answers to portable codes', () => {
  let server: StatusServer;
  beforeAll(async () => { server = await startStatusServer(503); });
  afterAll(async () => { await server.close(); });

  const cases: Array<[number, StorageErrorCode]> = [
    [404, 'NotFound'], [403, 'PermissionDenied'], [401, 'PermissionDenied'], [400, 'InvalidArgument'],
    [429, 'ResourceExhausted'], [500, 'Unavailable'], [503, 'Unavailable'], [504, 'Unavailable'],
  ];
  for (const [status, expected] of cases) {
    for (const [name, call] of operations) {
      it(`${status} on ${name} → ${expected}`, async () => {
        server.answer(status);
        const { code, key } = await codeOf(call(bucketAt(server.url)));
        expect(code).toBe(expected);
        if (name !== 'list') expect(key).toBe('k');
      });
    }
  }

  it('412 on a conditional put → PreconditionFailed (ifMatch) and AlreadyExists (ifNotExists)', async () => {
    server.answer(412);
    const bucket = bucketAt(server.url);
    expect((await codeOf(bucket.put('k', 'x', { ifMatch: '5.1' }))).code).toBe('PreconditionFailed');
    expect((await codeOf(bucket.put('k', 'x', { ifNotExists: true }))).code).toBe('AlreadyExists');
    expect((await codeOf(bucket.put('k', Readable.from([Buffer.from('x')]), { ifNotExists: true }))).code).toBe('AlreadyExists');
  });

  it('a missing object with mustExist unset is not an error for delete', async () => {
    server.answer(404);
    await expect(bucketAt(server.url).delete('k')).resolves.toBeUndefined();
  });
});

describe('GcsDriver against a server that is down', () => {
  for (const [name, call] of operations) {
    it(`${name} → Unavailable`, async () => {
      const { code } = await codeOf(call(bucketAt(await deadEndpoint())));
      expect(code).toBe('Unavailable');
    });
  }
});
