import { describe, expect, it } from 'vitest';
import { isStorageError, openBucket, registerStorageScheme } from '@faasade/core/storage';
import { S3Driver, s3OptionsFromUrl, storageScheme } from '@faasade/aws/s3';

function invalidArgument(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isStorageError(error, 'InvalidArgument')) return error.message;
    throw error;
  }
  throw new Error('expected InvalidArgument');
}

describe('s3:// bucket URLs', () => {
  it('reads the bucket and every documented parameter', () => {
    const url = new URL('s3://photos.example?region=eu-west-1&endpoint=http%3A%2F%2F127.0.0.1%3A4568&forcePathStyle=true&checksums=when_required&conditionalWrites=false');
    expect(s3OptionsFromUrl(url)).toEqual({
      bucket: 'photos.example',
      clientConfig: {
        region: 'eu-west-1', endpoint: 'http://127.0.0.1:4568', forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
      },
      conditionalWrites: false,
    });
  });

  it('needs nothing but the bucket: region and credentials then come from the SDK', () => {
    expect(s3OptionsFromUrl(new URL('s3://photos'))).toEqual({ bucket: 'photos', clientConfig: {} });
    expect(s3OptionsFromUrl(new URL('s3://photos/'))).toEqual({ bucket: 'photos', clientConfig: {} });
  });

  it.each([
    ['an unknown parameter', 's3://photos?regoin=eu-west-1', 'regoin'],
    ['a repeated parameter', 's3://photos?region=eu-west-1&region=us-east-1', 'region'],
    ['a region that is not a region name', 's3://photos?region=EU%20West', 'region'],
    ['an endpoint that is not a URL', 's3://photos?endpoint=localhost:4568', 'endpoint'],
    ['an endpoint that is not http(s)', 's3://photos?endpoint=ftp://host', 'endpoint'],
    ['credentials in the endpoint', 's3://photos?endpoint=http://key:secret@host', 'endpoint'],
    ['a boolean that is not true/false', 's3://photos?forcePathStyle=yes', 'forcePathStyle'],
    ['an unknown checksum mode', 's3://photos?checksums=always', 'checksums'],
    ['credentials in the URL', 's3://AKIA:secret@photos', 'credentials'],
    ['a missing bucket', 's3://?region=eu-west-1', 'bucket'],
    ['a port after the bucket', 's3://photos:4568', 'port'],
    ['a path', 's3://photos/some/dir', 'prefix'],
    ['a fragment', 's3://photos#x', 'fragment'],
    ['another scheme', 'gs://photos', 's3:'],
    ['an invalid bucket name', 's3://a', 'bucket'],
  ])('rejects %s with InvalidArgument', (_case, url, mentioned) => {
    const message = invalidArgument(() => s3OptionsFromUrl(new URL(url)));
    expect(message).toContain(mentioned);
    expect(message).not.toContain('secret');
  });

  it('rejects a bad URL through openBucket on the first call, before loading the SDK', async () => {
    registerStorageScheme(storageScheme);
    const bucket = openBucket('s3://photos?region=eu-west-1&bogus=1');
    const error = await bucket.head('k').catch((e: unknown) => e);
    expect(isStorageError(error, 'InvalidArgument')).toBe(true);
  });
});

describe('S3Driver options', () => {
  it.each([
    ['no bucket', {}],
    ['an empty bucket name', { bucket: '' }],
    ['a bucket name with a slash', { bucket: 'a/b' }],
    ['a part size under 5 MiB', { bucket: 'photos', partSize: 1024 * 1024 }],
    ['a fractional queue size', { bucket: 'photos', queueSize: 1.5 }],
    ['a negative copy limit', { bucket: 'photos', serverSideCopyLimit: -1 }],
  ])('rejects %s with InvalidArgument', (_case, options) => {
    invalidArgument(() => new S3Driver(options as ConstructorParameters<typeof S3Driver>[0]));
  });

  it('declares conditional writes unless told the server ignores them, and signed URLs always', () => {
    expect(new S3Driver({ bucket: 'photos' }).capabilities).toEqual({ ifNotExists: true, ifMatch: true, signedGetUrl: true, signedPutUrl: true });
    expect(new S3Driver({ bucket: 'photos', conditionalWrites: false }).capabilities)
      .toEqual({ ifNotExists: false, ifMatch: false, signedGetUrl: true, signedPutUrl: true });
  });
});
