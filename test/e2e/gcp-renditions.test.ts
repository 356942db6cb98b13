import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { photo } from '../shared/images.js';
import { Storage, type Bucket as GcsBucket } from '@google-cloud/storage';
import { registerStorageScheme } from '@faasade/core/storage';
import { storageScheme } from '@faasade/gcp/gcs';
import renditions, { DEFAULT_RENDITIONS, type RejectionRecord, type RenditionManifest } from '@faasade/image-renditions';
import { deliverCloudEvent } from '../gcp/event-sender.js';
import { startCliFunction } from '../gcp/cli-function.js';
import { serveInProcess } from '../gcp/in-process-events.js';
import { startGcsServer, type GcsServerHandle } from '../servers/gcs.js';
import { storageCloudEvent } from './gcp-storage-event.js';

/**
 * The image pipeline on Google Cloud, end to end: a JPEG uploaded with the real
 * @google-cloud/storage client to the GCS test server, the storage CloudEvent Eventarc
 * would send for it (built from the object's real metadata) POSTed in binary mode to the
 * Functions Framework serving the pipeline through @faasade/gcp, and the pipeline reading
 * and writing the same server through the GCS driver (`FAASADE_BUCKET_IMAGES=gs://…`).
 * Run twice: in this process, and as a deployment bundle under the framework's CLI.
 * The outputs are checked by decoding them.
 */

const SOURCE_KEY = 'uploads/été/plage au soleil.jpg';
const NAME = 'été/plage au soleil';
// Stored 1000×1500 with EXIF orientation 6: the picture is 1500 wide and 1000 high, so of
// the default widths (320, 768, 1600) the last would be an upscale and is not made.
const DISPLAYED = { width: 1500, height: 1000 };
const WIDTHS = DEFAULT_RENDITIONS.widths.filter((width) => width <= DISPLAYED.width);
const FORMATS = [['webp', 'webp', 'image/webp'], ['avif', 'heif', 'image/avif'], ['jpg', 'jpeg', 'image/jpeg']] as const;

/** The pipeline served by the Functions Framework, reading and writing the bucket `bucketName` of the GCS server. */
interface Deployment {
  readonly name: string;
  deploy(gcs: GcsServerHandle, bucketName: string): Promise<{ port: number; close(): Promise<void> }>;
}

const bindingOf = (gcs: GcsServerHandle, bucketName: string) =>
  `gs://${bucketName}?projectId=${gcs.projectId}&apiEndpoint=${encodeURIComponent(gcs.endpoint)}`;

const deployments: Deployment[] = [
  {
    name: 'Functions Framework in-process (getTestServer)',
    async deploy(gcs, bucketName) {
      // What the deployment's entry module does beside registerGcpFunctions (see register-gcs.ts).
      registerStorageScheme(storageScheme);
      const previous = process.env.FAASADE_BUCKET_IMAGES;
      process.env.FAASADE_BUCKET_IMAGES = bindingOf(gcs, bucketName);
      const served = await serveInProcess(renditions);
      return {
        port: served.port,
        async close() {
          if (previous === undefined) delete process.env.FAASADE_BUCKET_IMAGES;
          else process.env.FAASADE_BUCKET_IMAGES = previous;
          await served.close();
        },
      };
    },
  },
  {
    name: 'functions-framework CLI on an esbuild bundle (sharp and the GCS SDK installed beside it)',
    async deploy(gcs, bucketName) {
      const running = await startCliFunction(renditions, {
        module: { specifier: '@faasade/image-renditions', exportName: 'default' },
        setup: [fileURLToPath(new URL('../fixtures/gcp/register-gcs.ts', import.meta.url))],
        external: ['sharp', '@google-cloud/storage'],
        env: { FAASADE_BUCKET_IMAGES: bindingOf(gcs, bucketName) },
      });
      return { port: running.port, close: () => running.close() };
    },
  },
];

let gcs: GcsServerHandle;
beforeAll(async () => {
  gcs = await startGcsServer();
});
afterAll(() => gcs?.stop());

describe.each(deployments)('gcp end to end: upload → storage CloudEvent → $name → image-renditions → GCS', (deployment) => {
  const bucketName = `images-${deployments.indexOf(deployment) + 1}`;
  let images: GcsBucket;
  let served: { port: number; close(): Promise<void> };
  let event: Record<string, unknown>;

  beforeAll(async () => {
    await gcs.createBucket(bucketName);
    images = new Storage(gcs.storageOptions).bucket(bucketName);
    served = await deployment.deploy(gcs, bucketName);
  });
  afterAll(() => served?.close());

  /** Uploads `bytes` and delivers the finalized event Eventarc would send for it. */
  async function uploadAndNotify(key: string, bytes: Buffer, contentType: string) {
    const file = images.file(key);
    await file.save(bytes, { contentType, resumable: false });
    const [resource] = await file.getMetadata();
    const notification = storageCloudEvent(resource);
    return { event: notification, delivery: await deliverCloudEvent(served.port, notification, 'binary') };
  }

  async function objectsUnder(prefix: string): Promise<Map<string, string>> {
    const [files] = await images.getFiles({ prefix });
    return new Map(files.map((file) => [file.name, String(file.metadata.generation)]));
  }

  it('writes every rendition, auto-oriented, resized without upscaling, in each format, with its content type and cache control', async () => {
    const uploaded = await uploadAndNotify(SOURCE_KEY, await photo(1000, 1500, { orientation: 6 }), 'image/jpeg');
    event = uploaded.event;
    expect(uploaded.delivery.status).toBe(204);

    expect(WIDTHS).toEqual([320, 768]);
    const written = [...(await objectsUnder(`processed/${NAME}/`)).keys()].sort();
    expect(written).toEqual([...WIDTHS.flatMap((w) => FORMATS.map(([extension]) => `processed/${NAME}/${w}.${extension}`)), `processed/${NAME}/manifest.json`].sort());
    for (const width of WIDTHS) {
      const height = Math.round((width * DISPLAYED.height) / DISPLAYED.width);
      for (const [extension, format, contentType] of FORMATS) {
        const file = images.file(`processed/${NAME}/${width}.${extension}`);
        const [bytes] = await file.download();
        const decoded = await sharp(bytes).metadata();
        expect({ file: file.name, width: decoded.width, height: decoded.height, format: decoded.format, exif: decoded.exif }).toEqual({ file: file.name, width, height, format, exif: undefined });
        const [metadata] = await file.getMetadata();
        expect([metadata.contentType, metadata.cacheControl]).toEqual([contentType, DEFAULT_RENDITIONS.cacheControl]);
      }
    }
  });

  it('records the source version and every output in the manifest', async () => {
    const [bytes] = await images.file(`processed/${NAME}/manifest.json`).download();
    const manifest = JSON.parse(bytes.toString('utf8')) as RenditionManifest;
    const data = event.data as { generation: string; metageneration: string; size: string };
    // The driver's etag (generation.metageneration) is the one the neutral event carries.
    expect(manifest.source).toEqual({ key: SOURCE_KEY, etag: `${data.generation}.${data.metageneration}`, size: Number(data.size), format: 'jpeg', ...DISPLAYED });
    expect(manifest.outputs).toHaveLength(WIDTHS.length * FORMATS.length);
    for (const output of manifest.outputs) {
      const [metadata] = await images.file(output.key).getMetadata();
      expect({ key: output.key, bytes: output.bytes }).toEqual({ key: output.key, bytes: Number(metadata.size) });
    }
  });

  it('is a no-op when Eventarc delivers the same event again: nothing is rewritten', async () => {
    const before = await objectsUnder('processed/');
    expect((await deliverCloudEvent(served.port, event, 'binary')).status).toBe(204);
    expect(await objectsUnder('processed/')).toEqual(before);
  });

  it('skips the events of its own outputs, so it never triggers itself', async () => {
    const before = await objectsUnder('');
    const [resource] = await images.file(`processed/${NAME}/320.webp`).getMetadata();
    expect((await deliverCloudEvent(served.port, storageCloudEvent(resource), 'binary')).status).toBe(204);
    expect(await objectsUnder('')).toEqual(before);
  });

  it('moves an upload that is not an image under rejected/ with its reason, and acknowledges the event', async () => {
    const { delivery } = await uploadAndNotify('uploads/notes.jpg', Buffer.from('these are not the pixels you are looking for'), 'image/jpeg');
    expect(delivery.status).toBe(204);
    expect((await images.file('uploads/notes.jpg').exists())[0]).toBe(false);
    expect((await images.file('rejected/notes.jpg').exists())[0]).toBe(true);
    const [reason] = await images.file('rejected/notes.jpg.reason.json').download();
    expect(JSON.parse(reason.toString('utf8')) as RejectionRecord).toMatchObject({ source: { key: 'uploads/notes.jpg' }, code: 'NotAnImage' });
    expect([...(await objectsUnder('processed/notes')).keys()]).toEqual([]);
  });
});

