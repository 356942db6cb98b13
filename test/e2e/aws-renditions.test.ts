import { fileURLToPath } from 'node:url';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { photo } from '../shared/images.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import renditions, { DEFAULT_RENDITIONS, type RejectionRecord, type RenditionManifest } from '@faasade/image-renditions';
import { levelOf, ofInvocation } from '../aws/object-runtime.js';
import { startRicFunction, type RicFunction } from '../aws/ric-function.js';
import { startS3rver, type S3rverHandle } from '../servers/s3rver.js';
import { eventBridgeObjectCreated, s3PutNotification, sqsMessage } from './aws-s3-notification.js';

// The upload is stored sideways (EXIF orientation 6), so the pipeline must auto-orient it.
const SIDEWAYS = { orientation: 6, quality: 85 };

/**
 * The image pipeline on AWS, end to end: a JPEG uploaded to s3rver with the real
 * @aws-sdk/client-s3; the notification S3 would send for it, built from the object's real
 * HEAD with the key URL-encoded as S3 encodes it; the pipeline bundled as a deployment
 * (`lambdaHandler(renditions)`, sharp and the AWS SDK installed beside the bundle) running
 * inside aws-lambda-ric, reading and writing s3rver through the S3 driver bound by
 * FAASADE_BUCKET_IMAGES. The outputs are decoded from s3rver.
 */

const SOURCE_KEY = 'uploads/summer trip/Köln 🎉 a+b.jpg';
const NAME = 'summer trip/Köln 🎉 a+b';
// Stored 1800×1200 with EXIF orientation 6: shown 1200 wide and 1800 high, so of the
// default widths (320, 768, 1600) the last would be an upscale and is not made.
const DISPLAYED = { width: 1200, height: 1800 };
const WIDTHS = DEFAULT_RENDITIONS.widths.filter((width) => width <= DISPLAYED.width);
const FORMATS = [['webp', 'webp', 'image/webp'], ['avif', 'heif', 'image/avif'], ['jpg', 'jpeg', 'image/jpeg']] as const;

let s3: S3rverHandle;
let client: S3Client;
let lambda: RicFunction;

beforeAll(async () => {
  s3 = await startS3rver();
  await s3.createBucket('images');
  client = new S3Client(s3.clientConfig);
  // The function's configuration, as a deployment sets it: the bucket binding with the
  // driver's URL parameters, credentials from the environment (on Lambda, the role's).
  const binding = `s3://images?region=${s3.region}&endpoint=${encodeURIComponent(s3.endpoint)}&forcePathStyle=true&checksums=when_required&conditionalWrites=false`;
  lambda = await startRicFunction(renditions, {
    module: { specifier: '@faasade/image-renditions', exportName: 'default' },
    setup: [fileURLToPath(new URL('../fixtures/aws/register-s3.ts', import.meta.url))],
    external: ['sharp', '@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@aws-sdk/s3-request-presigner'],
    env: {
      FAASADE_BUCKET_IMAGES: binding,
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      AWS_REGION: s3.region,
      LOG_LEVEL: 'debug',
    },
  });
}, 900_000); // the first run may build the runtime client's native addon
afterAll(async () => {
  await lambda?.close();
  client?.destroy();
  await s3?.stop();
});

/** Uploads `bytes` and returns the object's HEAD, from which S3's notification is built. */
async function upload(key: string, bytes: Buffer, contentType = 'image/jpeg') {
  await client.send(new PutObjectCommand({ Bucket: 'images', Key: key, Body: bytes, ContentType: contentType }));
  return client.send(new HeadObjectCommand({ Bucket: 'images', Key: key }));
}

async function bytesOf(key: string): Promise<{ bytes: Buffer; contentType?: string; cacheControl?: string; etag?: string }> {
  const out = await client.send(new GetObjectCommand({ Bucket: 'images', Key: key }));
  return { bytes: Buffer.from(await out.Body!.transformToByteArray()), contentType: out.ContentType, cacheControl: out.CacheControl, etag: out.ETag };
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: 'images', Prefix: prefix }));
  return (out.Contents ?? []).map((object) => object.Key!).sort();
}

async function manifestOf(name: string): Promise<RenditionManifest> {
  return JSON.parse((await bytesOf(`processed/${name}/manifest.json`)).bytes.toString('utf8')) as RenditionManifest;
}

/** Decodes every rendition of `name` from s3rver and checks it against the expected sizes and formats. */
async function expectRenditions(name: string) {
  const expected = WIDTHS.flatMap((width) => FORMATS.map(([extension]) => `processed/${name}/${width}.${extension}`));
  expect(await keysUnder(`processed/${name}/`)).toEqual([...expected, `processed/${name}/manifest.json`].sort());
  for (const width of WIDTHS) {
    const height = Math.round((width * DISPLAYED.height) / DISPLAYED.width);
    for (const [extension, format, contentType] of FORMATS) {
      const key = `processed/${name}/${width}.${extension}`;
      const object = await bytesOf(key);
      const decoded = await sharp(object.bytes).metadata();
      expect({ key, width: decoded.width, height: decoded.height, format: decoded.format, exif: decoded.exif, contentType: object.contentType, cacheControl: object.cacheControl })
        .toEqual({ key, width, height, format, exif: undefined, contentType, cacheControl: DEFAULT_RENDITIONS.cacheControl });
    }
  }
}

// A ceiling for a slow, shared machine, not a performance assertion (see test/bench).
const SLOW = 180_000;

describe('image renditions on AWS: s3rver → S3 notification → aws-lambda-ric → s3rver', () => {
  let notification: ReturnType<typeof s3PutNotification>;

  it('renders every size and format of an upload whose key has spaces, unicode and a plus', async () => {
    const head = await upload(SOURCE_KEY, await photo(DISPLAYED.height, DISPLAYED.width, SIDEWAYS));
    notification = s3PutNotification('images', SOURCE_KEY, head);
    expect(notification.Records[0]!.s3.object.key).toBe('uploads/summer+trip/K%C3%B6ln+%F0%9F%8E%89+a%2Bb.jpg');

    const outcome = await lambda.invoke(notification);
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    await lambda.logLine((line) => ofInvocation(outcome)(line) && line.message === 'processed upload' && line.key === SOURCE_KEY);
    await expectRenditions(NAME);

    const manifest = await manifestOf(NAME);
    expect(manifest.source).toEqual({ key: SOURCE_KEY, etag: head.ETag, size: head.ContentLength, format: 'jpeg', ...DISPLAYED });
    expect(manifest.outputs).toHaveLength(WIDTHS.length * FORMATS.length);
    for (const output of manifest.outputs) {
      const object = await bytesOf(output.key);
      expect({ key: output.key, bytes: object.bytes.byteLength, contentType: object.contentType }).toEqual({ key: output.key, bytes: output.bytes, contentType: output.contentType });
    }
  }, SLOW);

  it('is a no-op when S3 delivers the same notification again', async () => {
    const before = (await bytesOf(`processed/${NAME}/manifest.json`)).etag;
    const outcome = await lambda.invoke(notification);
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    await lambda.logLine((line) => ofInvocation(outcome)(line) && String(line.message).startsWith('unchanged'));
    expect((await bytesOf(`processed/${NAME}/manifest.json`)).etag).toBe(before);
  }, SLOW);

  it('skips the notifications of its own outputs, so it never triggers itself', async () => {
    const before = await keysUnder('');
    const own = `processed/${NAME}/320.webp`;
    const outcome = await lambda.invoke(s3PutNotification('images', own, await client.send(new HeadObjectCommand({ Bucket: 'images', Key: own }))));
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    // The adapter applies the declaration's uploads/ prefix before the pipeline runs.
    await lambda.logLine((line) => ofInvocation(outcome)(line) && levelOf(line) === 'debug' && line.reason === 'prefix' && line.key === own);
    expect(await keysUnder('')).toEqual(before);
  }, SLOW);

  it('moves an upload that is not an image under rejected/ with its reason, and acknowledges it', async () => {
    const head = await upload('uploads/notes.jpg', Buffer.from('these are not the pixels you are looking for'));
    const outcome = await lambda.invoke(s3PutNotification('images', 'uploads/notes.jpg', head));
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    expect(await keysUnder('uploads/notes')).toEqual([]);
    expect(await keysUnder('rejected/')).toEqual(['rejected/notes.jpg', 'rejected/notes.jpg.reason.json']);
    const reason = JSON.parse((await bytesOf('rejected/notes.jpg.reason.json')).bytes.toString('utf8')) as RejectionRecord;
    expect(reason).toMatchObject({ source: { key: 'uploads/notes.jpg', etag: head.ETag, size: head.ContentLength }, code: 'NotAnImage' });
  }, SLOW);

  it('through SQS: renders the good message and acknowledges, with a log line each, a key the storage API refuses and a poison message', async () => {
    const goodKey = 'uploads/queue/été 2024.jpg';
    const good = sqsMessage(s3PutNotification('images', goodKey, await upload(goodKey, await photo(DISPLAYED.height, DISPLAYED.width, SIDEWAYS))));
    // S3 accepts a control character in a key; the portable storage API refuses it, so the
    // pipeline would fail on this message every time it ran: it is acknowledged, not retried.
    const badKey = 'uploads/queue/bad\u0001name.jpg';
    const bad = sqsMessage(s3PutNotification('images', badKey, await upload(badKey, await photo(DISPLAYED.height, DISPLAYED.width, SIDEWAYS))));
    const poison = sqsMessage('this message is not an S3 notification');
    const outcome = await lambda.invoke({ Records: [good, bad, poison] });

    expect(outcome).toMatchObject({ kind: 'response', payload: { batchItemFailures: [] } });
    await expectRenditions('queue/été 2024');
    const skipped = await lambda.logLine((line) => ofInvocation(outcome)(line) && String(line.message).startsWith('event skipped: the object key'));
    expect(skipped).toMatchObject({ level: 'warn', key: badKey, problem: expect.stringContaining('control character') });
    const rejected = await lambda.logLine((line) => ofInvocation(outcome)(line) && String(line.message).startsWith('record rejected'));
    expect(rejected).toMatchObject({ messageId: poison.messageId, code: 'MalformedEvent', path: 'Records[2].body' });
  }, SLOW);

  it('through EventBridge: the Object Created event for an upload renders it too', async () => {
    const key = 'uploads/bridge/a b+c.jpg';
    const outcome = await lambda.invoke(eventBridgeObjectCreated('images', key, await upload(key, await photo(DISPLAYED.height, DISPLAYED.width, SIDEWAYS))));
    expect(outcome).toMatchObject({ kind: 'response', payload: null });
    await expectRenditions('bridge/a b+c');
  }, SLOW);
});

