import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bucket, type StorageError } from '@faasade/core/storage';
import { GcsDriver } from '@faasade/gcp/gcs';
import { makeServiceAccount, writeKeyFile } from './service-account.js';

const endpoint = 'http://127.0.0.1:4443'; // nothing is contacted: signing is local
const account = makeServiceAccount();

describe('GcsDriver signed URL capability', () => {
  let dir: string;
  let keyFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faasade-gcs-sign-'));
    keyFile = await writeKeyFile(dir, account.key);
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('is withheld without a private key, and signedUrl then rejects with Unimplemented', async () => {
    const driver = new GcsDriver({ bucket: 'b', clientOptions: { apiEndpoint: endpoint } });
    expect(driver.capabilities).toMatchObject({ signedGetUrl: false, signedPutUrl: false });
    const error = (await new Bucket(driver).signedUrl('k').catch((e: unknown) => e)) as StorageError;
    expect(error.code).toBe('Unimplemented');
  });

  it('is offered with credentials holding a private key', () => {
    const driver = new GcsDriver({ bucket: 'b', clientOptions: { apiEndpoint: endpoint, credentials: account.key } });
    expect(driver.capabilities).toMatchObject({ signedGetUrl: true, signedPutUrl: true });
  });

  it('is offered with a key file, given as keyFilename or GOOGLE_APPLICATION_CREDENTIALS', () => {
    expect(new GcsDriver({ bucket: 'b', clientOptions: { keyFilename: keyFile } }).capabilities.signedGetUrl).toBe(true);
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = keyFile;
    try {
      expect(new GcsDriver({ bucket: 'b' }).capabilities.signedPutUrl).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
    }
  });

  it('is read from an injected client', async () => {
    const { Storage } = await import('@google-cloud/storage');
    const signing = new Storage({ apiEndpoint: endpoint, credentials: account.key });
    expect(new GcsDriver({ bucket: 'b', storage: signing }).capabilities.signedGetUrl).toBe(true);
    expect(new GcsDriver({ bucket: signing.bucket('b') }).capabilities.signedGetUrl).toBe(true);
    expect(new GcsDriver({ bucket: new Storage({ apiEndpoint: endpoint }).bucket('b') }).capabilities.signedGetUrl).toBe(false);
  });

  it('follows signedUrls when set, whatever the credentials', () => {
    expect(new GcsDriver({ bucket: 'b', signedUrls: false, clientOptions: { credentials: account.key } }).capabilities.signedGetUrl).toBe(false);
    expect(new GcsDriver({ bucket: 'b', signedUrls: true }).capabilities.signedGetUrl).toBe(true);
  });
});

describe('GcsDriver signed URLs', () => {
  const bucket = new Bucket(new GcsDriver({ bucket: 'photos', clientOptions: { apiEndpoint: endpoint, credentials: account.key } }));

  it('are V4 URLs for the key on the configured endpoint, valid for exactly expiresIn seconds from now', async () => {
    const before = Math.floor(Date.now() / 1000);
    const url = new URL(await bucket.signedUrl('albums/2024 summer/é.jpg', { method: 'GET', expiresIn: 900 }));
    const after = Math.floor(Date.now() / 1000);
    expect(url.origin).toBe(endpoint);
    expect(decodeURIComponent(url.pathname)).toBe('/photos/albums/2024 summer/é.jpg');
    expect(url.searchParams.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256');
    expect(url.searchParams.get('X-Goog-Credential')).toMatch(/^signer@faasade-test\.iam\.gserviceaccount\.com\/\d{8}\/auto\/storage\/goog4_request$/);
    expect(url.searchParams.get('X-Goog-Expires')).toBe('900');
    const signedAt = Date.parse(url.searchParams.get('X-Goog-Date')!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) / 1000;
    expect(signedAt).toBeGreaterThanOrEqual(before);
    expect(signedAt).toBeLessThanOrEqual(after);
  });

  it('for PUT with a content type, sign it as a header the uploader must send', async () => {
    const url = new URL(await bucket.signedUrl('upload.png', { method: 'PUT', expiresIn: 60, contentType: 'image/png' }));
    expect(url.searchParams.get('X-Goog-SignedHeaders')).toBe('content-type;host');
  });

  it('accept the seven-day maximum', async () => {
    const url = new URL(await bucket.signedUrl('k', { expiresIn: 604800 }));
    expect(url.searchParams.get('X-Goog-Expires')).toBe('604800');
  });
});
