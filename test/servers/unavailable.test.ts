import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { gcsStatus } from './gcs-test-helpers.js';
import { startUnavailableServer } from './unavailable.js';

describe('startUnavailableServer', () => {
  it('answers every SDK request with 503', async () => {
    const server = await startUnavailableServer();
    try {
      const s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      const s3Failure = await s3.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })).catch((err: unknown) => err);
      expect(s3Failure).toBeInstanceOf(S3ServiceException);
      expect((s3Failure as S3ServiceException).$metadata.httpStatusCode).toBe(503);
      s3.destroy();
      const gcs = new Storage({ apiEndpoint: server.endpoint, projectId: 'p', retryOptions: { autoRetry: false } });
      expect(await gcsStatus(() => gcs.bucket('bucket').file('k').getMetadata())).toBe(503);
      expect(server.requests).toBe(2);
    } finally {
      await server.stop();
    }
  });
});
