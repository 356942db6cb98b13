import { describe, expect, it } from 'vitest';
import { openBucket, registerStorageScheme, type StorageError } from '@faasade/core/storage';
import { GcsDriver, parseGsUrl, storageScheme } from '@faasade/gcp/gcs';

async function openError(url: string): Promise<StorageError> {
  return (await Promise.resolve(storageScheme.open(new URL(url))).then(
    () => { throw new Error(`expected ${url} to be refused`); },
    (e: unknown) => e,
  )) as StorageError;
}

describe('gs:// URLs', () => {
  it('a bare bucket URL opens a GcsDriver for that bucket with the SDK defaults', async () => {
    const driver = await storageScheme.open(new URL('gs://my-bucket'));
    expect(driver).toBeInstanceOf(GcsDriver);
    expect(parseGsUrl(new URL('gs://my-bucket'))).toEqual({ bucket: 'my-bucket' });
  });

  it('projectId, apiEndpoint and signedUrls become client options', () => {
    const options = parseGsUrl(new URL('gs://b.example_1?projectId=demo&apiEndpoint=http%3A%2F%2F127.0.0.1%3A4443&signedUrls=true'));
    expect(options).toEqual({
      bucket: 'b.example_1',
      signedUrls: true,
      clientOptions: { projectId: 'demo', apiEndpoint: 'http://127.0.0.1:4443' },
    });
  });

  it('signedUrls=true is reported as a capability, false withholds it', async () => {
    expect((await storageScheme.open(new URL('gs://abc?signedUrls=true'))).capabilities.signedGetUrl).toBe(true);
    expect((await storageScheme.open(new URL('gs://abc?signedUrls=false'))).capabilities.signedPutUrl).toBe(false);
  });

  const refused: Array<[string, string]> = [
    ['gs://bucket?region=eu', 'an unknown parameter'],
    ['gs://bucket?projectid=x', 'a parameter with the wrong case'],
    ['gs://bucket?projectId=a&projectId=b', 'a repeated parameter'],
    ['gs://bucket/some/path', 'a path'],
    ['gs://bucket:8080', 'a port'],
    ['gs://user:secret@bucket', 'credentials'],
    ['gs://bucket#frag', 'a fragment'],
    ['gs://ab', 'a bucket name that is too short'],
    ['gs://Bucket', 'upper case in the bucket name'],
    ['gs://-bucket', 'a name starting with a dash'],
    ['gs://bucket?apiEndpoint=not a url', 'an endpoint that is not a URL'],
    ['gs://bucket?apiEndpoint=ftp%3A%2F%2Fhost', 'an endpoint that is not http(s)'],
    ['gs://bucket?signedUrls=yes', 'a non-boolean signedUrls'],
  ];
  for (const [url, what] of refused) {
    it(`refuses ${what} with InvalidArgument: ${url}`, async () => {
      const error = await openError(url);
      expect(error.name).toBe('StorageError');
      expect(error.code).toBe('InvalidArgument');
    });
  }

  it('through openBucket, a bad parameter rejects the first call, with the bucket named', async () => {
    registerStorageScheme(storageScheme);
    const bucket = openBucket('gs://bucket?endpoint=http://localhost');
    const error = (await bucket.head('k').catch((e: unknown) => e)) as StorageError;
    expect(error.code).toBe('InvalidArgument');
    expect(error.bucket).toBe('gs://bucket');
  });

  it('refuses a driver without a bucket', () => {
    expect(() => new GcsDriver({} as never)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});
