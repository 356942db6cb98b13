import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startS3rver, type S3rverHandle } from '../servers/s3rver.js';
import { makeTempDir } from '../servers/temp-dir.js';
import { buildInTemp, EXAMPLE_MODULES, PROBE_MODULE, unzip, zipEntries, dependencyNames, STORAGE_SDKS } from './artifacts.js';
import { runLambdaDir, type RunningLambda } from '../aws/ric-runner.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/vendor-events/aws/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** An HTTP API (payload 2.0) event for a request, built on the vendor's captured event. */
function httpApiEvent(method: string, path: string, query = '', body?: string, headers: Record<string, string> = {}): Record<string, unknown> {
  const base = fixture('apigw-v2-http-captured-no-authorizer.json') as { requestContext: { http: Record<string, unknown> } } & Record<string, unknown>;
  return {
    ...base,
    routeKey: `ANY ${path}`,
    rawPath: path,
    rawQueryString: query,
    headers: { ...(base.headers as object), ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    requestContext: { ...base.requestContext, http: { ...base.requestContext.http, method, path } },
    body,
    isBase64Encoded: false,
  };
}

let build: Awaited<ReturnType<typeof buildInTemp>>;
let unpacked: Awaited<ReturnType<typeof makeTempDir>>;
const dirOf = (name: string) => join(unpacked.path, name);

beforeAll(async () => {
  build = await buildInTemp('aws', [...EXAMPLE_MODULES, PROBE_MODULE]);
  unpacked = await makeTempDir('deploy-aws-unzipped');
  for (const fn of build.functions) await unzip(fn.zip!, dirOf(fn.name));
});

afterAll(async () => {
  await unpacked?.remove();
  await build?.remove();
});

describe('faasade build --target aws: the zips', () => {
  it('the pipeline bundle holds our code and the aws storage SDK only, all of it in chunks loaded on the first storage call', async () => {
    const renditions = build.functions.find((fn) => fn.name === 'image-renditions')!;
    const sdk = await dependencyNames(STORAGE_SDKS.aws.roots, STORAGE_SDKS.aws.from);
    expect(renditions.bundledPackages.length).toBeGreaterThan(0);
    expect(renditions.bundledPackages.filter((pkg) => !sdk.has(pkg.name) || !pkg.lazy)).toEqual([]);
  });

  it('hello zip holds the entry module (all a cold start loads) and our own chunks loaded on demand (the OpenTelemetry bridge, the payload 1.0 front doors), readable by the runtime, with no npm package in it', async () => {
    const hello = build.functions.find((fn) => fn.name === 'hello')!;
    const entries = await zipEntries(hello.zip!);
    expect(entries).toContain('index.mjs 0o100644');
    const chunks = entries.filter((line) => line !== 'index.mjs 0o100644').map((line) => line.replace(/-\w+\.mjs /, '.mjs ')).sort();
    expect(chunks).toEqual(['chunks/bridge.mjs 0o100644', 'chunks/other-shapes.mjs 0o100644']);
    expect(hello.entryFiles).toEqual(['index.mjs']);
    expect(hello.bundledPackages).toEqual([]);
    const code = readFileSync(join(dirOf('hello'), 'index.mjs'), 'utf8');
    expect(code).not.toMatch(/@azure\/|@google-cloud\/|functions-framework|BlobServiceClient/);
  });

  it('the pipeline zip carries sharp with its Linux x64 binaries and nothing else in node_modules', async () => {
    const renditions = build.functions.find((fn) => fn.name === 'image-renditions')!;
    const names = (await zipEntries(renditions.zip!)).map((line) => line.split(' ')[0]!);
    const packages = new Set(names.filter((name) => name.startsWith('node_modules/')).map((name) => name.split('/').slice(1, name.split('/')[1]!.startsWith('@') ? 3 : 2).join('/')));
    expect([...packages].sort()).toEqual(['@img/colour', '@img/sharp-libvips-linux-x64', '@img/sharp-linux-x64', 'detect-libc', 'semver', 'sharp']);
    expect(names).toContain('node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node');
  });
});

describe('faasade build --target aws: the unpacked zips under aws-lambda-ric', () => {
  it('hello answers HTTP API events as deployed: GET with a name, POST with JSON, 405 for DELETE', async () => {
    const lambda = await runLambdaDir(dirOf('hello'), 'hello');
    try {
      const get = await lambda.invoke(httpApiEvent('GET', '/hello', 'name=Ada'));
      expect(get).toMatchObject({ kind: 'response', payload: { statusCode: 200, body: '{"message":"Hello, Ada!"}' } });
      const post = await lambda.invoke(httpApiEvent('POST', '/hello', '', '{"name":"Grace"}'));
      expect(post).toMatchObject({ kind: 'response', payload: { statusCode: 200, body: '{"message":"Hello, Grace!"}' } });
      const del = await lambda.invoke(httpApiEvent('DELETE', '/hello'));
      expect(del).toMatchObject({ kind: 'response', payload: { statusCode: 405 } });
    } finally {
      await lambda.close();
    }
  });

  it('hello also answers the front doors whose translations load on demand: an ALB event and a REST API event', async () => {
    const lambda = await runLambdaDir(dirOf('hello'), 'hello');
    try {
      const alb = { ...fixture('alb-single-value-headers.json'), httpMethod: 'GET', path: '/hello', queryStringParameters: { name: 'Ada' } };
      expect(await lambda.invoke(alb)).toMatchObject({ kind: 'response', payload: { statusCode: 200, statusDescription: '200 OK', body: '{"message":"Hello, Ada!"}' } });
      const rest = fixture('apigw-v1-rest-docs-payload-1.0.json') as { requestContext: Record<string, unknown> } & Record<string, unknown>;
      const get = { ...rest, httpMethod: 'GET', path: '/hello', body: null, isBase64Encoded: false, multiValueQueryStringParameters: { name: ['Grace'] }, queryStringParameters: { name: 'Grace' }, requestContext: { ...rest.requestContext, path: '/hello' } };
      expect(await lambda.invoke(get)).toMatchObject({ kind: 'response', payload: { statusCode: 200, body: '{"message":"Hello, Grace!"}' } });
    } finally {
      await lambda.close();
    }
  });

  it('warm-up pings (payload, EventBridge schedule, HTTP header) never run the handler; the first ping is the cold start', async () => {
    const lambda = await runLambdaDir(dirOf('probe'), 'probe');
    try {
      expect(await lambda.invoke({ faasade: 'warmup' })).toMatchObject({ kind: 'response', payload: { faasade: 'warmup', coldStart: true } });
      const scheduled = { ...fixture('eventbridge-scheduled-event.json'), detail: { faasade: 'warmup' } };
      expect(await lambda.invoke(scheduled)).toMatchObject({ kind: 'response', payload: { faasade: 'warmup', coldStart: false } });
      const headerPing = await lambda.invoke(httpApiEvent('GET', '/probe', '', undefined, { 'x-faasade-warmup': '1' }));
      expect(headerPing).toMatchObject({ kind: 'response', payload: { statusCode: 204 } });
      const real = await lambda.invoke(httpApiEvent('GET', '/probe'));
      expect(real.kind === 'response' && JSON.parse((real.payload as { body: string }).body)).toEqual({ calls: 1, coldStart: false, cloud: 'aws' });
    } finally {
      await lambda.close();
    }
  });

  describe('image-renditions with its bucket on s3rver', () => {
    let s3: S3rverHandle;
    let lambda: RunningLambda;
    beforeAll(async () => {
      s3 = await startS3rver();
      await s3.createBucket('images');
      // The template's FAASADE_BUCKET_IMAGES, pointed at s3rver; credentials as Lambda's role would give them.
      lambda = await runLambdaDir(dirOf('image-renditions'), 'image-renditions', {
        memoryMb: 1536,
        timeoutMs: 120_000,
        env: {
          FAASADE_BUCKET_IMAGES: `s3://images?endpoint=${encodeURIComponent(s3.endpoint)}&forcePathStyle=true&checksums=when_required&conditionalWrites=false`,
          AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
          RENDITION_FORMATS: 'webp,jpeg',
        },
      });
    });
    afterAll(async () => {
      await lambda?.close();
      await s3?.stop();
    });

    it('turns an EventBridge "Object Created" event for uploads/ into decoded renditions in the bucket', async () => {
      const jpeg = await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
      const put = await fetch(`${s3.endpoint}/images/uploads/beach.jpg`, { method: 'PUT', body: jpeg, headers: { 'content-type': 'image/jpeg' } });
      expect(put.ok).toBe(true);
      const base = fixture('s3-eventbridge-object-created.json') as { detail: Record<string, unknown> } & Record<string, unknown>;
      const event = { ...base, resources: ['arn:aws:s3:::images'], detail: { ...base.detail, bucket: { name: 'images' }, object: { key: 'uploads/beach.jpg', size: jpeg.length, etag: put.headers.get('etag')!.replace(/"/g, '') } } };
      const outcome = await lambda.invoke(event);
      expect(outcome.kind, lambda.output().slice(-2000)).toBe('response');
      for (const [width, ext, format] of [[320, 'webp', 'webp'], [768, 'jpg', 'jpeg']] as const) {
        const res = await fetch(`${s3.endpoint}/images/processed/beach/${width}.${ext}`);
        expect(res.status).toBe(200);
        const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
        expect([meta.width, meta.format]).toEqual([width, format]);
      }
      // 1600 would upscale a 1000-pixel source: never written.
      expect((await fetch(`${s3.endpoint}/images/processed/beach/1600.webp`)).status).toBe(404);
    });

    it('acknowledges an event outside uploads/ without touching the bucket', async () => {
      const base = fixture('s3-eventbridge-object-created.json') as { detail: Record<string, unknown> } & Record<string, unknown>;
      const keys = async () => (await (await fetch(`${s3.endpoint}/images?list-type=2`)).text()).match(/<Key>[^<]*<\/Key>/g)?.sort();
      const before = await keys();
      const outcome = await lambda.invoke({ ...base, detail: { ...base.detail, bucket: { name: 'images' }, object: { key: 'processed/beach/320.webp', size: 1 } } });
      expect(outcome).toMatchObject({ kind: 'response' });
      expect(await keys()).toEqual(before);
    });
  });
});
