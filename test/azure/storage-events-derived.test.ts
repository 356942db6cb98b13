import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bodyJson } from '@faasade/contract';
import { deliveryRequest, handshakeRequest, verdictOf } from './event-grid-sender.js';
import { deployObjectFunction, faasadeLogs, recordingFunction, type DeployedObjectFunction } from './events-harness.js';
import { derivedFixture } from './fixtures.js';
import { hostBlobProperties, type NoticedBlob } from './host-blob-trigger.js';

/**
 * The derived cases (test/fixtures/azure): keys with unicode and spaces, events for other
 * containers or prefixes, malformed events, failing handlers. For each delivery style it
 * checks what the function sees, what is logged, and what the platform then does.
 */

type Json = Record<string, unknown>;
const unicodeKey = 'uploads/Grüße aus Köln 🎉/photo 1 (copy) #2.jpg';
const path = '/events/images-hook';

let deployed: DeployedObjectFunction | undefined;
beforeEach(() => {
  // The function's binding names the container "images"; debug logs show skips.
  vi.stubEnv('FAASADE_BUCKET_IMAGES', 'azblob://images?account=mystorage');
  vi.stubEnv('LOG_LEVEL', 'debug');
});
afterEach(async () => {
  await deployed?.close();
  deployed = undefined;
  vi.unstubAllEnvs();
});

async function deployGrid(fail?: (key: string) => boolean) {
  const recorder = recordingFunction({ name: 'images-grid', prefix: 'uploads/' }, fail);
  deployed = await deployObjectFunction(recorder.fn);
  return recorder;
}
async function deployHook(fail?: (key: string) => boolean) {
  const recorder = recordingFunction({ name: 'images-hook', prefix: 'uploads/' }, fail);
  deployed = await deployObjectFunction(recorder.fn, { objectTrigger: 'webhook', authLevel: 'anonymous' });
  return recorder;
}
const post = (body: unknown) => deployed!.http(deliveryRequest(path, body, { schema: Array.isArray(body) && 'specversion' in (body[0] as Json) ? 'cloudEvents' : 'eventGrid' }));

describe('keys with unicode, spaces and URL-special characters', () => {
  it.each(['eventgrid-blobcreated-unicode-key.json', 'cloudevents-blobcreated-unicode-key.json'])('%s: the key is the subject\'s blob name, unescaped', async (file) => {
    const { seen } = await deployGrid();
    expect((await deployed!.eventGrid(derivedFixture(file))).status).toBe(202);
    await deployed!.close();
    const hook = await deployHook();
    expect((await post(derivedFixture(file))).status).toBe(200);
    expect([...seen, ...hook.seen].map((s) => [s.event.data.bucket, s.event.data.key, s.event.subject])).toEqual([
      ['images', unicodeKey, unicodeKey],
      ['images', unicodeKey, unicodeKey],
    ]);
  });
});

describe('events outside the declaration are acknowledged and skipped with a debug log', () => {
  it.each([
    ['eventgrid-blobcreated-other-container.json', 'bucket'],
    ['eventgrid-blobcreated-outside-prefix.json', 'prefix'],
  ])('%s (reason %s)', async (file, reason) => {
    const grid = await deployGrid();
    const answer = await deployed!.eventGrid(derivedFixture(file));
    expect(verdictOf(answer.status)).toBe('delivered');
    expect(faasadeLogs(answer.invocations)).toContainEqual(expect.objectContaining({ level: 'debug', reason, eventId: expect.any(String) }));
    await deployed!.close();
    const hook = await deployHook();
    const response = await post(derivedFixture(file));
    expect([response.status, bodyJson(response)]).toEqual([200, { processed: 0, skipped: 1 }]);
    expect([...grid.seen, ...hook.seen]).toHaveLength(0);
  });

  it('a blob trigger misconfigured onto another container: the host delivers, the adapter skips', async () => {
    const { fn, seen } = recordingFunction({ name: 'images-blob', events: ['created'] });
    deployed = await deployObjectFunction(fn, { objectTrigger: 'blob', container: 'thumbnails' });
    const run = await deployed.blob(noticedBlob('thumbnails', 'cat.jpg'));
    expect(run.attempts).toHaveLength(1);
    expect(run.attempts[0]!.error).toBeUndefined();
    expect(faasadeLogs(run.attempts)).toContainEqual(expect.objectContaining({ level: 'debug', reason: 'bucket' }));
    expect(seen).toHaveLength(0);
  });
});

describe('malformed events: an EventDecodeError naming the field, never a crash or a retry storm', () => {
  const malformed: Array<[string, string]> = [
    ['eventgrid-blobcreated-contentlength-string.json', 'data.contentLength'],
    ['eventgrid-blobcreated-subject-not-a-blob.json', 'subject'],
    ['eventgrid-blobcreated-missing-eventtime.json', 'eventTime'],
    ['cloudevents-blobcreated-specversion-0.3.json', 'specversion'],
  ];

  it.each(malformed)('%s on the Event Grid trigger: logged at event.%s and acknowledged (a poison event)', async (file, field) => {
    const { seen } = await deployGrid();
    const answer = await deployed!.eventGrid(derivedFixture(file));
    expect([answer.status, verdictOf(answer.status)]).toEqual([202, 'delivered']);
    expect(faasadeLogs(answer.invocations)).toContainEqual(expect.objectContaining({ level: 'error', code: 'MalformedEvent', path: `event.${field}` }));
    expect(seen).toHaveLength(0);
  });

  it.each(malformed)('%s by webhook: 400 naming body[0].%s, so Event Grid dead-letters instead of retrying', async (file, field) => {
    const { seen } = await deployHook();
    const response = await post(derivedFixture(file));
    expect([response.status, verdictOf(response.status)]).toEqual([400, 'dead-letter']);
    expect(bodyJson<Json>(response).errors).toEqual([{ id: expect.any(String), code: 'MalformedEvent', path: `body[0].${field}` }]);
    expect(seen).toHaveLength(0);
  });

  it('a batch with a good, a malformed and an unrelated event: each on its own', async () => {
    const batch = derivedFixture<Json[]>('eventgrid-batch-good-malformed-other.json');
    const grid = await deployGrid();
    const answer = await deployed!.eventGrid(batch);
    expect(answer.status).toBe(202);
    expect(answer.invocations.map((record) => record.error)).toEqual([undefined, undefined, undefined]);
    await deployed!.close();
    const hook = await deployHook();
    const response = await post(batch);
    expect(response.status).toBe(400);
    expect(bodyJson<Json>(response).errors).toEqual([{ id: batch[1]!.id, code: 'MalformedEvent', path: 'body[1].data' }]);
    expect([...grid.seen, ...hook.seen].map((s) => s.event.data.key)).toEqual(['uploads/dog.jpg', 'uploads/dog.jpg']);
  });

  it('by webhook: a validation event in a batch, a body that is not JSON, JSON that is no event, an OPTIONS without origin', async () => {
    const { seen } = await deployHook();
    const validationInBatch = await post(derivedFixture('eventgrid-validation-in-batch.json'));
    expect([validationInBatch.status, bodyJson<Json>(validationInBatch).validationResponse]).toEqual([400, undefined]);
    expect((await post('{"truncated": ')).status).toBe(400);
    expect((await post('42')).status).toBe(400);
    const options = handshakeRequest(path);
    options.headers = [];
    expect((await deployed!.http(options)).status).toBe(400);
    expect(seen).toHaveLength(0);
  });

  it('by webhook: a delivery over 4 MiB is refused with 413 before it is read (dead-lettered)', async () => {
    await deployHook();
    const response = await post('['.padEnd(5 * 1024 * 1024, ' ') + ']');
    expect([response.status, verdictOf(response.status)]).toEqual([413, 'dead-letter']);
  });

  it.each([
    ['functions-rpc-triggermetadata-blobTrigger-no-name.input.json', 'triggerMetadata.blobTrigger'],
    ['functions-rpc-triggermetadata-blobTrigger-negative-length.input.json', 'triggerMetadata.properties.length'],
  ])('%s on the blob trigger: fails, so the host retries 5 times and then writes a poison message', async (file, field) => {
    const { fn, seen } = recordingFunction({ name: 'images-blob', events: ['created'] });
    deployed = await deployObjectFunction(fn, { objectTrigger: 'blob', container: 'helloworldcontainer' });
    const binding = JSON.parse(deployed.core.functions.get('images-blob')!.metadata.rawBindings![0]!) as { name: string };
    const outcome = await deployed.core.invoke({
      invocationId: 'c1c2c3c4-0000-4000-8000-000000000001',
      functionId: 'images-blob',
      inputData: [{ name: binding.name, data: { bytes: new Uint8Array(16) } }],
      triggerMetadata: derivedFixture(file),
    });
    expect(outcome.error).toMatchObject({ name: 'EventDecodeError', code: 'MalformedEvent', path: field });
    expect(faasadeLogs([{ ...outcome, request: {} }])).toContainEqual(expect.objectContaining({ level: 'error', code: 'MalformedEvent', path: field }));
    expect(seen).toHaveLength(0);
  });
});

describe('failing handlers are retried the platform\'s way', () => {
  const failCat = (key: string) => key === 'uploads/cat.jpg';
  const catAndDog = ['cat', 'dog'].map((name) => ({
    ...derivedFixture<Json[]>('eventgrid-blobcreated-unicode-key.json')[0]!,
    id: `id-${name}`,
    subject: `/blobServices/default/containers/images/blobs/uploads/${name}.jpg`,
  }));

  it('Event Grid trigger: the failed invocation makes the host answer 500, so Event Grid delivers the batch again', async () => {
    const { seen } = await deployGrid(failCat);
    const answer = await deployed!.eventGrid(catAndDog);
    expect([answer.status, verdictOf(answer.status)]).toEqual([500, 'retry']);
    expect(answer.invocations.map((record) => record.error === undefined)).toEqual([false, true]);
    expect(seen.map((s) => s.event.data.key).sort()).toEqual(['uploads/cat.jpg', 'uploads/dog.jpg']);
    expect(faasadeLogs(answer.invocations).filter((line) => line.level === 'error')).toHaveLength(1);
  });

  it('webhook: every event runs, and the delivery is answered 500 so Event Grid retries it', async () => {
    const { seen } = await deployHook(failCat);
    const response = await post(catAndDog);
    expect([response.status, verdictOf(response.status)]).toEqual([500, 'retry']);
    expect(seen.map((s) => s.event.data.key)).toEqual(['uploads/cat.jpg', 'uploads/dog.jpg']);
  });

  it('blob trigger: 5 attempts, then the poison queue, not a retry storm', async () => {
    const { fn, seen } = recordingFunction({ name: 'images-blob', events: ['created'], prefix: 'uploads/' }, failCat);
    deployed = await deployObjectFunction(fn, { objectTrigger: 'blob' });
    const run = await deployed.blob(noticedBlob('images', 'uploads/cat.jpg'));
    expect(run.attempts).toHaveLength(5);
    expect(run.poisonMessage).toMatchObject({ ContainerName: 'images', BlobName: 'uploads/cat.jpg' });
    expect(seen).toHaveLength(5);
    expect((await deployed.blob(noticedBlob('images', 'processed/cat/320.webp'))).matched).toBe(false);
  });
});

function noticedBlob(container: string, name: string): NoticedBlob {
  return {
    container,
    name,
    content: new Uint8Array(3),
    uri: `https://mystorage.blob.core.windows.net/${container}/${encodeURI(name)}`,
    properties: hostBlobProperties({ length: 3, contentType: 'image/jpeg', etag: '"0x8DC0FFEE0000001"', lastModified: new Date() }),
    metadata: {},
  };
}
