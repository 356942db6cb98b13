import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import sharp from 'sharp';
import { photo } from '../shared/images.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { storageScheme } from '@faasade/azure/blob';
import { registerStorageScheme } from '@faasade/core/storage';
import renditions, { type RejectionRecord, type RenditionManifest } from '@faasade/image-renditions';
import { deliveryRequest } from '../azure/event-grid-sender.js';
import { deployObjectFunction, faasadeLogs, type DeployedObjectFunction } from '../azure/events-harness.js';
import { hostBlobProperties } from '../azure/host-blob-trigger.js';
import { startAzurite, type AzuriteHandle } from '../servers/azurite.js';

// The upload is stored sideways (EXIF orientation 6), so the pipeline must auto-orient it.
const SIDEWAYS = { orientation: 6, quality: 85 };

/**
 * The image pipeline on the Azure stack, end to end: a JPEG uploaded to Azurite with the
 * real @azure/storage-blob client; a Blob Storage event built from the blob's real
 * properties; the Azure adapter inside @azure/functions (stand-in worker core and host,
 * test/azure) running the unchanged pipeline, which reads and writes Azurite through the
 * Blob driver bound by FAASADE_BUCKET_IMAGES. The outputs are decoded from Azurite.
 */

let azurite: AzuriteHandle;
let images: ContainerClient;
let deployed: DeployedObjectFunction | undefined;
const topic = `/subscriptions/${randomUUID()}/resourceGroups/faasade-e2e/providers/Microsoft.Storage/storageAccounts/devstoreaccount1`;

beforeAll(async () => {
  azurite = await startAzurite();
  await azurite.createContainer('images');
  images = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('images');
  // What the Function App's settings and entry point do.
  vi.stubEnv('AZURE_STORAGE_CONNECTION_STRING', azurite.connectionString);
  vi.stubEnv('FAASADE_BUCKET_IMAGES', 'azblob://images');
  registerStorageScheme(storageScheme);
});
afterAll(async () => {
  await deployed?.close();
  vi.unstubAllEnvs();
  await azurite?.stop();
});


/** Uploads `bytes` and returns a BlobCreated event (Event Grid schema) built from the blob's real properties. */
async function upload(key: string, bytes: Buffer, contentType: string) {
  const blob = images.getBlockBlobClient(key);
  const put = await blob.uploadData(bytes, { blobHTTPHeaders: { blobContentType: contentType } });
  const props = await blob.getProperties();
  const event = {
    topic,
    subject: `/blobServices/default/containers/images/blobs/${key}`,
    eventType: 'Microsoft.Storage.BlobCreated',
    eventTime: props.lastModified!.toISOString(),
    id: randomUUID(),
    data: {
      api: 'PutBlob', clientRequestId: put.clientRequestId ?? randomUUID(), requestId: put.requestId ?? randomUUID(),
      eTag: props.etag, contentType: props.contentType, contentLength: props.contentLength,
      blobType: 'BlockBlob', url: blob.url, sequencer: Date.now().toString(16).padStart(32, '0'),
      storageDiagnostics: { batchId: randomUUID() },
    },
    dataVersion: '',
    metadataVersion: '1',
  };
  return { event, props, blob };
}

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const item of images.listBlobsFlat({ prefix })) out.push(item.name);
  return out.sort();
}

async function readJson<T>(key: string): Promise<T> {
  return JSON.parse((await images.getBlobClient(key).downloadToBuffer()).toString('utf8')) as T;
}

/** Decodes every rendition in Azurite and checks it against the manifest and the expected sizes. */
async function expectRenditions(name: string, source: { key: string; etag: string; size: number }) {
  const manifest = await readJson<RenditionManifest>(`processed/${name}/manifest.json`);
  expect(manifest.source).toEqual({ ...source, format: 'jpeg', width: 1200, height: 1800 });
  const expected = [320, 768].flatMap((width) => (['webp', 'avif', 'jpeg'] as const).map((format) => ({ width, height: width * 1.5, format })));
  expect(manifest.outputs.map(({ width, height, format }) => ({ width, height, format })).sort(byWidthFormat)).toEqual(expected.sort(byWidthFormat));
  for (const output of manifest.outputs) {
    const blob = images.getBlobClient(output.key);
    const bytes = await blob.downloadToBuffer();
    const meta = await sharp(bytes).metadata();
    const props = await blob.getProperties();
    expect({ key: output.key, width: meta.width, height: meta.height, format: meta.format, exif: meta.exif })
      .toEqual({ key: output.key, width: output.width, height: output.height, format: output.format === 'avif' ? 'heif' : output.format, exif: undefined });
    expect([props.contentType, props.cacheControl, bytes.byteLength]).toEqual([output.contentType, 'public, max-age=31536000, immutable', output.bytes]);
  }
  return manifest;
}
const byWidthFormat = (a: { width: number; format: string }, b: { width: number; format: string }) => a.width - b.width || a.format.localeCompare(b.format);

// A ceiling for a slow, shared machine, not a performance assertion (see test/bench).
const SLOW = 120_000;

describe('image renditions on Azure: Azurite → Event Grid → @azure/functions → Azurite', () => {
  it('renders every size and format of an upload from its BlobCreated event, once, however often it is delivered', async () => {
    deployed = await deployObjectFunction(renditions);
    const key = 'uploads/summer trip/beach 1.jpg';
    const { event, props } = await upload(key, await photo(1800, 1200, SIDEWAYS), 'image/jpeg');

    const answer = await deployed.eventGrid([event]);
    expect(answer.status).toBe(202);
    expect(faasadeLogs(answer.invocations)).toContainEqual(expect.objectContaining({ level: 'info', message: 'processed upload', key, cloud: 'azure' }));
    const manifest = await expectRenditions('summer trip/beach 1', { key, etag: props.etag!, size: props.contentLength! });
    expect(await keys('processed/')).toEqual([...manifest.outputs.map((o) => o.key), 'processed/summer trip/beach 1/manifest.json'].sort());

    // At-least-once delivery: the same event again changes nothing.
    const before = await images.getBlobClient('processed/summer trip/beach 1/manifest.json').getProperties();
    expect((await deployed.eventGrid([event])).status).toBe(202);
    const after = await images.getBlobClient('processed/summer trip/beach 1/manifest.json').getProperties();
    expect(after.etag).toBe(before.etag);

    // The pipeline's own outputs do not trigger it, even when subscribed to the whole container.
    const own = await upload('processed/summer trip/beach 1/320.webp', await images.getBlobClient('processed/summer trip/beach 1/320.webp').downloadToBuffer(), 'image/webp');
    expect((await deployed.eventGrid([own.event])).status).toBe(202);
    expect(await keys('processed/summer trip/beach 1/')).toHaveLength(7);
  }, SLOW);

  it('moves a file that is not an image to rejected/ with its reason, and acknowledges the event (no retry)', async () => {
    await deployed?.close();
    deployed = await deployObjectFunction(renditions);
    const { event, props } = await upload('uploads/notes.jpg', Buffer.from('not a picture at all'), 'image/jpeg');
    expect((await deployed.eventGrid([event])).status).toBe(202);
    expect(await keys('uploads/notes')).toEqual([]);
    expect(await keys('rejected/')).toEqual(['rejected/notes.jpg', 'rejected/notes.jpg.reason.json']);
    const reason = await readJson<RejectionRecord>('rejected/notes.jpg.reason.json');
    expect(reason).toMatchObject({ source: { key: 'uploads/notes.jpg', etag: props.etag, size: 20 }, code: expect.any(String) });
  }, SLOW);

  it('works the same by webhook, with the event in the CloudEvents schema', async () => {
    await deployed?.close();
    deployed = await deployObjectFunction(renditions, { objectTrigger: 'webhook', authLevel: 'anonymous' });
    const key = 'uploads/Grüße/Köln 🎉.jpg';
    const { event, props } = await upload(key, await photo(1800, 1200, SIDEWAYS), 'image/jpeg');
    const cloudEvent = { specversion: '1.0', id: event.id, source: topic, type: event.eventType, subject: event.subject, time: event.eventTime, data: event.data };
    const response = await deployed.http(deliveryRequest('/events/image-renditions', cloudEvent, { schema: 'cloudEvents' }));
    expect(response.status).toBe(200);
    await expectRenditions('Grüße/Köln 🎉', { key, etag: props.etag!, size: props.contentLength! });
  }, SLOW);

  it('works the same on the blob trigger, from the trigger metadata the host sends', async () => {
    await deployed?.close();
    deployed = await deployObjectFunction(renditions, { objectTrigger: 'blob' });
    const key = 'uploads/from-blob-trigger.jpg';
    const { props, blob } = await upload(key, await photo(1800, 1200, SIDEWAYS), 'image/jpeg');
    const run = await deployed.blob({
      container: 'images',
      name: key,
      content: await blob.downloadToBuffer(),
      uri: blob.url,
      properties: hostBlobProperties({ length: props.contentLength!, contentType: props.contentType!, etag: props.etag!, lastModified: props.lastModified!, createdOn: props.createdOn }),
      metadata: props.metadata ?? {},
    });
    expect([run.matched, run.attempts.length, run.poisonMessage]).toEqual([true, 1, undefined]);
    await expectRenditions('from-blob-trigger', { key, etag: props.etag!, size: props.contentLength! });
  }, SLOW);
});
