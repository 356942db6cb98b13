import { Storage, type Bucket } from '@google-cloud/storage';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGcsServer, type GcsServerHandle } from './gcs.js';

const CLIENT_EMAIL = 'signer@faasade-test.iam.gserviceaccount.com';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const credentials = { client_email: CLIENT_EMAIL, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };

let verifying: GcsServerHandle;
let lenient: GcsServerHandle;

/** A bucket on `server` whose client can sign URLs locally with the test key. */
function signingBucket(server: GcsServerHandle, credentialsToUse = credentials): Bucket {
  return new Storage({ ...server.storageOptions, credentials: credentialsToUse }).bucket('signed-test');
}

beforeAll(async () => {
  [verifying, lenient] = await Promise.all([
    startGcsServer({ mode: 'in-process', signedUrlKeys: { [CLIENT_EMAIL]: publicKey.export({ type: 'spki', format: 'pem' }).toString() } }),
    startGcsServer({ mode: 'in-process' }),
  ]);
  await verifying.createBucket('signed-test');
  await lenient.createBucket('signed-test');
});
afterAll(async () => {
  await Promise.all([verifying?.stop(), lenient?.stop()]);
});

const expiresIn = (ms: number): number => Date.now() + ms;

/**
 * A read URL that has just expired. The client refuses to sign an expiry in the past, so
 * sign one valid for at most a second (expiry is in whole seconds) and let it lapse.
 */
async function expiredUrl(bucket: Bucket, name: string): Promise<string> {
  const [url] = await bucket.file(name).getSignedUrl({ version: 'v4', action: 'read', accessibleAt: new Date(Date.now() - 60_000), expires: expiresIn(1_000) });
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  return url;
}

describe('GCS test server: V4 signed URLs made by @google-cloud/storage', () => {
  it('serves a signed GET (with Range) and takes a signed PUT with its content type and metadata', async () => {
    const bucket = signingBucket(verifying);
    const [putUrl] = await bucket.file('dir/signed ü.txt').getSignedUrl({
      version: 'v4', action: 'write', expires: expiresIn(60_000), contentType: 'text/plain', extensionHeaders: { 'x-goog-meta-owner': 'ana' },
    });
    const put = await fetch(putUrl, { method: 'PUT', body: 'signed body', headers: { 'content-type': 'text/plain', 'x-goog-meta-owner': 'ana' } });
    expect(put.status).toBe(200);
    expect((await bucket.file('dir/signed ü.txt').getMetadata())[0]).toMatchObject({ contentType: 'text/plain', metadata: { owner: 'ana' }, size: '11' });

    const [getUrl] = await bucket.file('dir/signed ü.txt').getSignedUrl({ version: 'v4', action: 'read', expires: expiresIn(60_000) });
    const get = await fetch(getUrl);
    expect(await get.text()).toBe('signed body');
    expect(get.headers.get('x-goog-meta-owner')).toBe('ana');
    const ranged = await fetch(getUrl, { headers: { range: 'bytes=7-' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('body');
  });

  it('rejects a tampered signature, a URL signed by an unknown key, and a changed path (403)', async () => {
    const bucket = signingBucket(verifying);
    await bucket.file('target.txt').save('t', { resumable: false });
    const [url] = await bucket.file('target.txt').getSignedUrl({ version: 'v4', action: 'read', expires: expiresIn(60_000) });
    const tampered = url.replace(/X-Goog-Signature=([0-9a-f])/, (_, c: string) => `X-Goog-Signature=${c === '0' ? '1' : '0'}`);
    const denied = await fetch(tampered);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await fetch(url.replace('target.txt', 'other.txt'))).status).toBe(403);

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const [strangerUrl] = await signingBucket(verifying, { client_email: 'stranger@example.com', private_key: stranger })
      .file('target.txt').getSignedUrl({ version: 'v4', action: 'read', expires: expiresIn(60_000) });
    expect((await fetch(strangerUrl)).status).toBe(403);
  });

  it('rejects an expired URL with 400 ExpiredToken', async () => {
    const bucket = signingBucket(verifying);
    await bucket.file('old.txt').save('o', { resumable: false });
    const url = await expiredUrl(bucket, 'old.txt');
    const res = await fetch(url);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>ExpiredToken</Code>');
  });

  it('answers a signed GET of a missing object with 404 NoSuchKey', async () => {
    const [url] = await signingBucket(verifying).file('missing.txt').getSignedUrl({ version: 'v4', action: 'read', expires: expiresIn(60_000) });
    const res = await fetch(url);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<Code>NoSuchKey</Code>');
  });

  it('without signedUrlKeys, accepts any signature but still enforces expiry', async () => {
    const bucket = signingBucket(lenient);
    await bucket.file('open.txt').save('open', { resumable: false });
    const [url] = await bucket.file('open.txt').getSignedUrl({ version: 'v4', action: 'read', expires: expiresIn(60_000) });
    expect(await (await fetch(url.replace(/X-Goog-Signature=[0-9a-f]+/, 'X-Goog-Signature=00'))).text()).toBe('open');
    expect((await fetch(await expiredUrl(bucket, 'open.txt'))).status).toBe(400);
  });
});
