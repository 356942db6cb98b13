import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { azurePlatform } from '@faasade/azure';
import { bodyJson, header } from '@faasade/contract';
import type { ObjectEvent } from '@faasade/core';
import { deliveryRequest, handshakeRequest, verdictOf } from './event-grid-sender.js';
import { deployObjectFunction, recordingFunction, type DeployedObjectFunction } from './events-harness.js';
import { vendorFixture } from './fixtures.js';
import { sysMetadata, triggerOf } from './host-triggers.js';
import type { RpcTypedData } from './rpc-types.js';

/**
 * The vendor events, delivered the three ways Azure delivers storage events, through the
 * adapter inside the real @azure/functions library (the stand-in worker core and host of
 * this directory): each must produce the same neutral event.
 */

type Json = Record<string, unknown>;
const egCreated = vendorFixture<Json[]>('eventgrid-schema-blobcreated-docs.json');
const ceCreated = vendorFixture<Json[]>('cloudevents-blobcreated-docs.json');
const egDeleted = vendorFixture<Json[]>('eventgrid-schema-blobdeleted-docs.json');
const validation = vendorFixture<Json[]>('eventgrid-subscription-validation-docs.json');

const createdEvent = {
  specversion: '1.0',
  id: '831e1650-001e-001b-66ab-eeb76e069631',
  // The account comes from the topic, the container and key from the subject (the docs'
  // sample says "testcontainer" in its URL: the subject is what Event Grid filters on).
  source: 'azblob://my-storage-account/test-container',
  type: 'object.created',
  time: '2017-06-26T18:41:00.9584103Z',
  subject: 'new-file.txt',
  cloud: 'azure',
  data: { bucket: 'test-container', key: 'new-file.txt', size: 524288, etag: '"0x8D4BCC2E4835CD0"', contentType: 'text/plain', sequencer: '00000000000004420000000000028963' },
};
const deletedEvent = {
  specversion: '1.0',
  id: '4c2359fe-001e-00ba-0e04-58586806d298',
  source: 'azblob://my-storage-account/testcontainer',
  type: 'object.deleted',
  time: '2017-11-07T20:09:22.5674003Z',
  subject: 'file-to-delete.txt',
  cloud: 'azure',
  data: { bucket: 'testcontainer', key: 'file-to-delete.txt', contentType: 'text/plain', sequencer: '0000000000000281000000000002F5CA' },
};
const cases: Array<[string, Json[], object]> = [
  ['Event Grid schema BlobCreated', egCreated, createdEvent],
  ['CloudEvents schema BlobCreated', ceCreated, createdEvent],
  ['Event Grid schema BlobDeleted', egDeleted, deletedEvent],
];

let deployed: DeployedObjectFunction | undefined;
beforeEach(() => {
  vi.stubEnv('FAASADE_BUCKET_IMAGES', '');
});
afterEach(async () => {
  await deployed?.close();
  deployed = undefined;
  vi.unstubAllEnvs();
});

describe('the Event Grid trigger (app.eventGrid, the default), through the host\'s Event Grid endpoint', () => {
  it.each(cases)('%s becomes the neutral event, one invocation per event, answered 202', async (_name, payload, expected) => {
    const { fn, seen } = recordingFunction({ name: 'grid-vendor' });
    deployed = await deployObjectFunction(fn);
    const answer = await deployed.eventGrid(payload);
    expect([answer.status, verdictOf(answer.status)]).toEqual([202, 'delivered']);
    expect(seen.map((s) => s.event)).toEqual([{ ...expected, raw: payload[0] }]);
    const ctx = seen[0]!.ctx;
    expect(ctx.invocationId).toBe(answer.invocations[0]!.request.invocationId);
    expect(azurePlatform(ctx)).toMatchObject({ trigger: 'eventGrid', event: payload[0] });
  });

  it('registers an eventGridTrigger binding under the function name', async () => {
    deployed = await deployObjectFunction(recordingFunction({ name: 'grid-binding' }).fn);
    expect(triggerOf(deployed.core.functions.get('grid-binding')!.metadata, 'eventGridTrigger')).toBeDefined();
  });

  it('acknowledges a validation event that reaches the function without running the handler', async () => {
    const { fn, seen } = recordingFunction({ name: 'grid-validation' });
    deployed = await deployObjectFunction(fn);
    const answer = await deployed.eventGrid(validation);
    expect(answer.status).toBe(202);
    expect(seen).toHaveLength(0);
  });
});

describe('webhook delivery (an HTTP trigger that Event Grid posts to)', () => {
  const path = '/events/hook-vendor';

  it('answers the subscription validation handshake with the code, without running the handler', async () => {
    const { fn, seen } = recordingFunction({ name: 'hook-vendor' });
    deployed = await deployObjectFunction(fn, { objectTrigger: 'webhook' });
    const response = await deployed.http(deliveryRequest(path, validation, { eventType: 'SubscriptionValidation', functionKey: 'fn-key' }));
    expect(response.status).toBe(200);
    expect(bodyJson(response)).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
    expect(seen).toHaveLength(0);
  });

  it('grants the CloudEvents abuse-protection handshake to the requesting origin', async () => {
    deployed = await deployObjectFunction(recordingFunction({ name: 'hook-vendor' }).fn, { objectTrigger: 'webhook' });
    const response = await deployed.http(handshakeRequest(path, 'fn-key'));
    expect(response.status).toBe(200);
    expect(header(response, 'webhook-allowed-origin')).toBe('eventgrid.azure.net');
  });

  it('demands the function key by default (Event Grid calls the URL with ?code=)', async () => {
    const { fn, seen } = recordingFunction({ name: 'hook-vendor' });
    deployed = await deployObjectFunction(fn, { objectTrigger: 'webhook' });
    expect((await deployed.http(deliveryRequest(path, egCreated))).status).toBe(401);
    expect(seen).toHaveLength(0);
  });

  it.each(cases)('%s becomes the neutral event, answered 200', async (_name, payload, expected) => {
    const { fn, seen } = recordingFunction({ name: 'hook-vendor' });
    deployed = await deployObjectFunction(fn, { objectTrigger: 'webhook' });
    const schema = 'specversion' in payload[0]! ? 'cloudEvents' : 'eventGrid';
    const response = await deployed.http(deliveryRequest(path, payload, { schema, functionKey: 'fn-key' }));
    expect([response.status, verdictOf(response.status)]).toEqual([200, 'delivered']);
    expect(bodyJson(response)).toEqual({ processed: 1, skipped: 0 });
    expect(seen.map((s) => s.event)).toEqual([{ ...expected, raw: payload[0] }]);
    expect(azurePlatform(seen[0]!.ctx)?.trigger).toBe('http');
  });

  it('takes a single structured CloudEvent (application/cloudevents+json) as well as a batch', async () => {
    const { fn, seen } = recordingFunction({ name: 'hook-vendor' });
    deployed = await deployObjectFunction(fn, { objectTrigger: 'webhook' });
    const response = await deployed.http(deliveryRequest(path, ceCreated[0], { schema: 'cloudEvents', functionKey: 'fn-key' }));
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.event)).toEqual([{ ...createdEvent, raw: ceCreated[0] }]);
  });
});

describe('the blob trigger (app.storageBlob), from the vendor trigger metadata', () => {
  const input = vendorFixture<Record<string, RpcTypedData>>('functions-rpc-triggermetadata-blobTrigger.input.json');
  const expectedMetadata = vendorFixture<Json>('functions-rpc-triggermetadata-blobTrigger.expected.json');

  it('registers <container>/<prefix>{name} on the app setting AzureWebJobsStorage', async () => {
    deployed = await deployObjectFunction(recordingFunction({ name: 'blob-vendor', events: ['created'], prefix: 'hello-' }).fn, { objectTrigger: 'blob', container: 'helloworldcontainer' });
    const binding = triggerOf(deployed.core.functions.get('blob-vendor')!.metadata, 'blobTrigger');
    expect(binding?.properties).toMatchObject({ path: 'helloworldcontainer/hello-{name}', connection: 'AzureWebJobsStorage' });
  });

  it('becomes the neutral event: key, size, etag and content type from the trigger metadata', async () => {
    const { fn, seen } = recordingFunction({ name: 'blob-vendor', events: ['created'] });
    deployed = await deployObjectFunction(fn, { objectTrigger: 'blob', container: 'helloworldcontainer' });
    const binding = triggerOf(deployed.core.functions.get('blob-vendor')!.metadata, 'blobTrigger')!;
    const outcome = await deployed.core.invoke({
      invocationId: 'b1b2b3b4-0000-4000-8000-000000000001',
      functionId: 'blob-vendor',
      inputData: [{ name: binding.name, data: { bytes: new TextEncoder().encode('hello, world 16!') } }],
      triggerMetadata: { ...input, sys: sysMetadata('blob-vendor') },
    });
    expect(outcome.error).toBeUndefined();
    const [{ event, ctx }] = seen as [{ event: ObjectEvent; ctx: typeof seen[0]['ctx'] }];
    expect({ ...event, raw: undefined }).toEqual({
      specversion: '1.0',
      id: 'hello-at-2022-08-25T05-06-38Z#"0x8DA8657981E929A"',
      source: 'azblob://test/helloworldcontainer',
      type: 'object.created',
      time: '2022-08-25T05:06:39.000Z',
      subject: 'hello-at-2022-08-25T05-06-38Z',
      cloud: 'azure',
      data: { bucket: 'helloworldcontainer', key: 'hello-at-2022-08-25T05-06-38Z', size: 16, etag: '"0x8DA8657981E929A"', contentType: 'application/octet-stream' },
      raw: undefined,
    });
    // raw is the trigger metadata as the library converted it: the vendor's expected output.
    expect(event.raw).toMatchObject(expectedMetadata);
    const azure = azurePlatform(ctx);
    expect(azure?.trigger).toBe('blob');
    expect(azure?.trigger === 'blob' && Buffer.from(azure.blob as Uint8Array).toString()).toBe('hello, world 16!');
  });
});
