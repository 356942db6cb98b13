import { describe, expect, it } from 'vitest';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { onObject } from '@faasade/core';
import { azureEventGridWebhookHandler, azurePlatform } from '../src/index.js';
import { abuseProtectionGrant, subscriptionValidationCode } from '../src/events/webhook-handshake.js';

const at = (index: number) => `body[${index}]`;

describe('subscription validation', () => {
  it('reads the code of the Event Grid schema event and of the CloudEvents form (data as a JSON string)', () => {
    expect(subscriptionValidationCode([{ eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'abc' } }], at)).toBe('abc');
    expect(subscriptionValidationCode([{ type: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: '{"validationCode":"xyz"}' }], at)).toBe('xyz');
  });

  it('ignores deliveries without a validation event, and refuses one without a code', () => {
    expect(subscriptionValidationCode([{ eventType: 'Microsoft.Storage.BlobCreated', data: { validationCode: 'abc' } }], at)).toBeUndefined();
    expect(() => subscriptionValidationCode([{ eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: {} }], at))
      .toThrow(expect.objectContaining({ code: 'MalformedEvent', path: 'body[0].data.validationCode' }));
  });
});

describe('abuse protection', () => {
  it('grants a host origin and refuses what cannot be a header value', () => {
    expect(abuseProtectionGrant(new Headers({ 'webhook-request-origin': 'eventgrid.azure.net' }))).toContainEqual(['webhook-allowed-origin', 'eventgrid.azure.net']);
    for (const origin of ['', 'evil.example/path', 'a b']) {
      expect(() => abuseProtectionGrant(new Headers({ 'webhook-request-origin': origin }))).toThrow(expect.objectContaining({ code: 'MalformedEvent' }));
    }
  });
});

describe('the webhook handler with the library objects', () => {
  it('answers a method other than POST or OPTIONS with 405 and Allow, without running the handler', async () => {
    let calls = 0;
    const fn = onObject({ name: 'hook', bucket: 'images' }, () => { calls++; });
    const init = await azureEventGridWebhookHandler(fn)(new HttpRequest({ method: 'GET', url: 'https://app.azurewebsites.net/api/events/hook' }), new InvocationContext());
    expect(init.status).toBe(405);
    expect(new Headers(init.headers as Array<[string, string]>).get('allow')).toBe('POST, OPTIONS');
    expect(calls).toBe(0);
  });

  it('gives the handler the HTTP request as its escape hatch', async () => {
    let trigger: string | undefined;
    const fn = onObject({ name: 'hook', bucket: 'images' }, (_event, ctx) => { trigger = azurePlatform(ctx)?.trigger; });
    const body = JSON.stringify([{ id: 'e', eventType: 'Microsoft.Storage.BlobCreated', subject: '/blobServices/default/containers/images/blobs/k', eventTime: '2024-05-01T10:00:00Z', data: {} }]);
    const request = new HttpRequest({ method: 'POST', url: 'https://app.azurewebsites.net/api/events/hook', headers: { 'content-length': String(body.length) }, body: { string: body } });
    const context = new InvocationContext({ options: { trigger: { type: 'httpTrigger', name: 'req' }, extraInputs: [], extraOutputs: [] } });
    expect((await azureEventGridWebhookHandler(fn)(request, context)).status).toBe(200);
    expect(trigger).toBe('http');
  });
});
