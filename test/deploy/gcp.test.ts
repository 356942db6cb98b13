import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageCloudEvent } from '../e2e/gcp-storage-event.js';
import { deliverCloudEvent } from '../gcp/event-sender.js';
import { startGcsServer, type GcsServerHandle } from '../servers/gcs.js';
import { buildInTemp, EXAMPLE_MODULES, PROBE_MODULE, dependencyNames, STORAGE_SDKS } from './artifacts.js';
import { serveFolder, type ServedFolder } from '../gcp/ff-runner.js';

let build: Awaited<ReturnType<typeof buildInTemp>>;
const folderOf = (name: string) => build.functions.find((fn) => fn.name === name)!.artifact;

beforeAll(async () => {
  build = await buildInTemp('gcp', [...EXAMPLE_MODULES, PROBE_MODULE]);
});
afterAll(async () => {
  await build?.remove();
});

describe('faasade build --target gcp: the source folders', () => {
  it('the pipeline bundle holds our code and the gcp storage SDK only, all of it in chunks loaded on the first storage call', async () => {
    const renditions = build.functions.find((fn) => fn.name === 'image-renditions')!;
    const sdk = await dependencyNames(STORAGE_SDKS.gcp.roots, STORAGE_SDKS.gcp.from);
    expect(renditions.bundledPackages.length).toBeGreaterThan(0);
    expect(renditions.bundledPackages.filter((pkg) => !sdk.has(pkg.name) || !pkg.lazy)).toEqual([]);
  });

  it('pin the Functions Framework (and sharp for the pipeline) for the platform to install, and keep node_modules out of the upload', () => {
    const hello = JSON.parse(readFileSync(join(folderOf('hello'), 'package.json'), 'utf8'));
    expect(hello).toMatchObject({ type: 'module', main: 'index.mjs', dependencies: { '@google-cloud/functions-framework': '5.0.5' } });
    expect(Object.keys(hello.dependencies)).toEqual(['@google-cloud/functions-framework']);
    const renditions = JSON.parse(readFileSync(join(folderOf('image-renditions'), 'package.json'), 'utf8'));
    expect(renditions.dependencies).toEqual({ '@google-cloud/functions-framework': '5.0.5', sharp: '0.35.5' });
    expect(readFileSync(join(folderOf('image-renditions'), '.gcloudignore'), 'utf8').split('\n')).toContain('node_modules/');
  });

  it('bundle the Cloud Storage SDK into chunks the pipeline loads on its first storage call', () => {
    const renditions = build.functions.find((fn) => fn.name === 'image-renditions')!;
    expect(renditions.bundledPackages.find((pkg) => pkg.name === '@google-cloud/storage')).toEqual({ name: '@google-cloud/storage', lazy: true });
    expect(renditions.bundledPackages.filter((pkg) => !pkg.lazy)).toEqual([]);
  });
});

describe('faasade build --target gcp: the folders served by functions-framework --source', () => {
  it('hello answers at its function URL', async () => {
    const served = await serveFolder(folderOf('hello'), 'hello');
    try {
      const get = await fetch(`http://127.0.0.1:${served.port}/?name=Ada`);
      expect([get.status, await get.text()]).toEqual([200, '{"message":"Hello, Ada!"}']);
      const post = await fetch(`http://127.0.0.1:${served.port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Grace"}' });
      expect([post.status, await post.text()]).toEqual([200, '{"message":"Hello, Grace!"}']);
    } finally {
      await served.close();
    }
  });

  it('a warm-up request is answered 204 without the handler; the next request is warm', async () => {
    const served = await serveFolder(folderOf('probe'), 'probe');
    try {
      const ping = await fetch(`http://127.0.0.1:${served.port}/probe`, { headers: { 'x-faasade-warmup': '1' } });
      expect([ping.status, ping.headers.get('x-faasade-warmup')]).toEqual([204, 'ok']);
      const real = await fetch(`http://127.0.0.1:${served.port}/probe`);
      expect(await real.json()).toEqual({ calls: 1, coldStart: false, cloud: 'gcp' });
    } finally {
      await served.close();
    }
  });

  describe('image-renditions with its bucket on the GCS test server', () => {
    let gcs: GcsServerHandle;
    let served: ServedFolder;
    beforeAll(async () => {
      gcs = await startGcsServer();
      await gcs.createBucket('images');
      served = await serveFolder(folderOf('image-renditions'), 'image-renditions', {
        // The script's FAASADE_BUCKET_IMAGES, pointed at the test server.
        FAASADE_BUCKET_IMAGES: `gs://images?projectId=${gcs.projectId}&apiEndpoint=${encodeURIComponent(gcs.endpoint)}`,
        RENDITION_FORMATS: 'webp,jpeg',
      });
    });
    afterAll(async () => {
      await served?.close();
      await gcs?.stop();
    });

    it('turns a storage CloudEvent for uploads/ (binary mode, as Eventarc sends it) into decoded renditions', async () => {
      const images = new Storage(gcs.storageOptions).bucket('images');
      const jpeg = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#c83' } }).jpeg().toBuffer();
      const file = images.file('uploads/dunes.jpg');
      await file.save(jpeg, { contentType: 'image/jpeg', resumable: false });
      const [resource] = await file.getMetadata();
      const delivery = await deliverCloudEvent(served.port, storageCloudEvent(resource), 'binary');
      expect(delivery.status, served.output().slice(-2000)).toBe(204);
      for (const [width, ext, format] of [[320, 'webp', 'webp'], [768, 'jpg', 'jpeg']] as const) {
        const [bytes] = await images.file(`processed/dunes/${width}.${ext}`).download();
        const meta = await sharp(bytes).metadata();
        expect([meta.width, meta.format]).toEqual([width, format]);
      }
    });
  });
});
