import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from './project.js';
import { runCli } from './cli-process.js';
import { invokeProject, resultOf, seenIn, vendor, vendorEvent } from './invoke-project.js';

let project: Project;
beforeAll(async () => {
  project = await invokeProject();
  // Derived from vendor events: the same delivery for a key the recorder fails on.
  const grid = vendorEvent('azure/eventgrid-schema-blobcreated-docs.json') as Array<Record<string, unknown>>;
  await project.write('events/grid-fail.json', JSON.stringify(grid.map((e) => ({ ...e, subject: '/blobServices/default/containers/test-container/blobs/fail.txt' }))));
  const ce = vendorEvent('gcp/conformance/storage-cloudevent-input.json') as Record<string, unknown>;
  await project.write('events/gcs-fail.json', JSON.stringify({ ...ce, subject: 'objects/fail.txt', data: { ...(ce.data as object), name: 'fail.txt' } }));
  const put = vendorEvent('aws/s3-objectcreated-put.json') as { Records: Array<{ s3: { object: Record<string, unknown> } }> };
  const failingRecord = { ...put.Records[0]!, s3: { ...put.Records[0]!.s3, object: { ...put.Records[0]!.s3.object, key: 'fail.txt' } } };
  await project.write('events/s3-fail.json', JSON.stringify({ Records: [failingRecord] }));
  const sqs = vendorEvent('aws/s3-via-sqs.json') as { Records: Array<Record<string, unknown>> };
  await project.write('events/sqs-fail.json', JSON.stringify({ Records: [...sqs.Records, { ...sqs.Records[0]!, messageId: 'fail-message', body: JSON.stringify({ Records: [failingRecord] }) }] }));
  await project.write('events/get.json', JSON.stringify({ method: 'GET', path: '/shop/cart?item=1&item=2', headers: { accept: 'application/json' } }));
});
afterAll(() => project?.remove());

const invoke = (fn: string, cloud: string, event: string) => runCli(['invoke', fn, '--cloud', cloud, '--event', event], { cwd: project.dir });
const bodyOf = (result: Record<string, unknown>): Record<string, unknown> => JSON.parse(String(result.body)) as Record<string, unknown>;

describe('faasade invoke --cloud aws: vendor events through lambdaHandler', { timeout: 120_000 }, () => {
  const cases: Array<[string, string]> = [
    ['aws/apigw-v1-rest-docs-payload-1.0.json', '/my/path'],
    ['aws/apigw-v2-http-jwt-cookies.json', '/my/path'],
    ['aws/alb-multi-value-headers.json', '/'],
    ['aws/function-url-captured-get.json', '/'],
  ];
  it.each(cases.map(([file, path]) => ({ file, path })))('$file → the Lambda result for the front door', async ({ file, path }) => {
    const finished = await invoke('echo', 'aws', vendor(file));
    expect(finished.code).toBe(0);
    const result = resultOf(finished);
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ path, cloud: 'aws' });
    if (file.startsWith('aws/alb')) expect(result).toMatchObject({ statusDescription: '200 OK', multiValueHeaders: { 'content-type': ['application/json'] } });
  });

  it('gives the Lambda runtime error document for an event that is no HTTP event, and exits 1', async () => {
    const finished = await invoke('echo', 'aws', vendor('aws/sqs-batch-two-records.json'));
    expect(finished.code).toBe(1);
    expect(resultOf(finished)).toMatchObject({ errorType: 'EventDecodeError' });
  });

  const s3: Array<[string, Record<string, unknown>]> = [
    ['aws/s3-objectcreated-put.json', { type: 'object.created', bucket: 'lambda-artifacts-deafc19498e3f2df', key: 'b21b84d653bb07b05b1e6b33684dc11b', size: 1305107 }],
    ['aws/s3-objectremoved-delete.json', { type: 'object.deleted', bucket: 'lambda-artifacts-deafc19498e3f2df', key: 'b21b84d653bb07b05b1e6b33684dc11b' }],
    ['aws/s3-eventbridge-object-created.json', { type: 'object.created', bucket: 'example-bucket', key: 'IMG_m7fzo3.jpg', size: 184662 }],
  ];
  it.each(s3.map(([file, event]) => ({ file, event })))('$file → the function gets the neutral event; the result is null', async ({ file, event }) => {
    const finished = await invoke('recorder', 'aws', vendor(file));
    expect(finished.code).toBe(0);
    expect(resultOf(finished)).toBeNull();
    expect(seenIn(finished.stderr)).toMatchObject([{ ...event, cloud: 'aws' }]);
  });

  it('answers an S3 → SQS batch with batchItemFailures naming only the failed message', async () => {
    const ok = await invoke('recorder', 'aws', vendor('aws/s3-via-sqs.json'));
    expect(ok.code).toBe(0);
    expect(resultOf(ok)).toEqual({ batchItemFailures: [] });
    expect(seenIn(ok.stderr)).toMatchObject([{ bucket: 'xxx', key: 'test.pdf', size: 104681 }]);
    const failing = await invoke('recorder', 'aws', 'events/sqs-fail.json');
    expect(failing.code).toBe(0);
    expect(resultOf(failing)).toEqual({ batchItemFailures: [{ itemIdentifier: 'fail-message' }] });
  });

  it('fails an asynchronous S3 invocation whose handler throws (exit 1, the runtime error document)', async () => {
    const finished = await invoke('recorder', 'aws', 'events/s3-fail.json');
    expect(finished.code).toBe(1);
    expect(resultOf(finished)).toMatchObject({ errorType: 'Error', errorMessage: 'failing on purpose' });
  });
});

describe('faasade invoke --cloud azure: @azure/functions requests and contexts through @faasade/azure', { timeout: 120_000 }, () => {
  it('answers an HTTP request with the HttpResponseInit the handler returns', async () => {
    const finished = await invoke('echo', 'azure', 'events/get.json');
    expect(finished.code).toBe(0);
    const result = resultOf(finished);
    expect(result.status).toBe(200);
    expect(bodyOf(result)).toEqual({ method: 'GET', path: '/api/shop/cart', query: '?item=1&item=2', body: '', cloud: 'azure' });
  });

  const grid: Array<[string, Record<string, unknown>]> = [
    ['azure/eventgrid-schema-blobcreated-docs.json', { type: 'object.created', bucket: 'test-container', key: 'new-file.txt', size: 524288 }],
    ['azure/cloudevents-blobcreated-docs.json', { type: 'object.created', bucket: 'test-container', key: 'new-file.txt' }],
    ['azure/eventgrid-schema-blobdeleted-docs.json', { type: 'object.deleted', bucket: 'testcontainer', key: 'file-to-delete.txt' }],
    ['azure/functions-rpc-triggermetadata-blobTrigger.expected.json', { type: 'object.created', bucket: 'helloworldcontainer', key: 'hello-at-2022-08-25T05-06-38Z', size: 16 }],
  ];
  it.each(grid.map(([file, event]) => ({ file, event })))('$file → the function gets the neutral event', async ({ file, event }) => {
    const finished = await invoke('recorder', 'azure', vendor(file));
    expect(finished.code).toBe(0);
    expect(resultOf(finished)).toEqual({ outcome: 'succeeded' });
    expect(seenIn(finished.stderr)).toMatchObject([{ ...event, cloud: 'azure' }]);
  });

  it('answers the subscription validation handshake with its code', async () => {
    const finished = await invoke('recorder', 'azure', vendor('azure/eventgrid-subscription-validation-docs.json'));
    expect(finished.code).toBe(0);
    const result = resultOf(finished);
    expect(result.status).toBe(200);
    expect(bodyOf(result)).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
  });

  it('fails the invocation (exit 1) when the handler throws, so Event Grid would retry', async () => {
    const finished = await invoke('recorder', 'azure', 'events/grid-fail.json');
    expect(finished.code).toBe(1);
    expect(resultOf(finished)).toMatchObject({ outcome: 'failed', error: { message: 'failing on purpose' } });
  });
});

describe('faasade invoke --cloud gcp: through the Functions Framework', { timeout: 120_000 }, () => {
  it('answers an HTTP request with what the framework sends', async () => {
    const finished = await invoke('echo', 'gcp', 'events/get.json');
    expect(finished.code).toBe(0);
    const result = resultOf(finished);
    expect(result.status).toBe(200);
    expect(bodyOf(result)).toEqual({ method: 'GET', path: '/shop/cart', query: '?item=1&item=2', body: '', cloud: 'gcp' });
  });

  it.each([
    { file: 'gcp/conformance/storage-cloudevent-input.json' },
    { file: 'gcp/conformance/storage-legacy-input.json' },
  ])('$file → 204, and the function gets the neutral event', async ({ file }) => {
    const finished = await invoke('recorder', 'gcp', vendor(file));
    expect(finished.code).toBe(0);
    expect(resultOf(finished)).toMatchObject({ status: 204 });
    expect(seenIn(finished.stderr)).toMatchObject([{ type: 'object.created', bucket: 'some-bucket', key: 'folder/Test.cs', cloud: 'gcp' }]);
  });

  it('answers 500 and exits 1 when the handler throws, so Eventarc would retry', async () => {
    const finished = await invoke('recorder', 'gcp', 'events/gcs-fail.json');
    expect(finished.code).toBe(1);
    expect(resultOf(finished)).toMatchObject({ status: 500 });
  });
});
