import { describe, expect, it } from 'vitest';
import { onHttp, text } from '@faasade/core';
import { lambdaHandler } from '../src/index.js';
import { captureLogs, echo, lambdaContext, malformedEvent, vendorEvent } from './support.js';

// Malformed variants of the vendor events (test/fixtures/aws): each answered with a 4xx
// in the front door's own result format, and a log line naming what was not understood.
const cases: Array<[file: string, status: number, code: string, path: string]> = [
  ['http-api-method-missing.json', 400, 'MalformedEvent', 'requestContext.http.method'],
  ['http-api-rawpath-number.json', 400, 'MalformedEvent', 'rawPath'],
  ['http-api-invalid-base64.json', 400, 'InvalidBody', 'body'],
  ['http-api-rawquery-object.json', 400, 'MalformedEvent', 'rawQueryString'],
  ['http-api-body-number.json', 400, 'MalformedEvent', 'body'],
  ['function-url-headers-array.json', 400, 'MalformedEvent', 'headers'],
  ['function-url-cookies-string.json', 400, 'MalformedEvent', 'cookies'],
  ['rest-api-multivalue-header-not-array.json', 400, 'MalformedEvent', 'multiValueHeaders.X-Thing'],
  ['rest-api-isbase64-string.json', 400, 'MalformedEvent', 'isBase64Encoded'],
  ['rest-api-path-missing.json', 400, 'MalformedEvent', 'path'],
  ['alb-method-number.json', 400, 'MalformedEvent', 'httpMethod'],
  ['alb-host-injection.json', 400, 'MalformedEvent', 'headers.host'],
  ['alb-header-newline.json', 400, 'MalformedEvent', 'multiValueHeaders.x-evil'],
];

const handler = lambdaHandler(echo);

describe('malformed events are answered with a 4xx and a log line naming the field', () => {
  for (const [file, status, code, path] of cases) {
    it(`${file} → ${status} ${code} at ${path}`, async () => {
      const { value, error, logs } = await captureLogs(() => handler(malformedEvent(file), lambdaContext()));
      expect(error).toBeUndefined();
      const result = value as Record<string, any>;
      expect(result.statusCode).toBe(status);
      const type = result.headers?.['content-type'] ?? result.multiValueHeaders?.['content-type']?.[0];
      expect(type).toBe('application/problem+json');
      expect(JSON.parse(result.body)).toMatchObject({ status });
      expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', code, path, invocationId: lambdaContext().awsRequestId }));
    });
  }

  it('answers an ALB event in the ALB format, status line included', async () => {
    const { value } = await captureLogs(() => handler(malformedEvent('alb-method-number.json'), lambdaContext()));
    expect(value).toMatchObject({ statusCode: 400, statusDescription: '400 Bad Request', headers: { 'content-type': 'application/problem+json' } });
  });
});

describe('body limits', () => {
  const small = lambdaHandler(onHttp({ name: 'small', route: '/', maxBodyBytes: 16 }, () => text('ok')));

  it('answers 413 for a text body over maxBodyBytes', async () => {
    const event = vendorEvent('apigw-v2-http-jwt-cookies.json');
    event.body = 'x'.repeat(17);
    const { value, logs } = await captureLogs(() => small(event, lambdaContext()));
    expect(value).toMatchObject({ statusCode: 413 });
    expect(logs).toContainEqual(expect.objectContaining({ code: 'BodyTooLarge', path: 'body' }));
  });

  it('answers 413 for a base64 body whose bytes exceed maxBodyBytes', async () => {
    const event = vendorEvent('function-url-captured-base64-body.json');
    event.body = Buffer.alloc(17, 1).toString('base64');
    const { value } = await captureLogs(() => small(event, lambdaContext()));
    expect(value).toMatchObject({ statusCode: 413 });
  });

  it('accepts a body of exactly maxBodyBytes', async () => {
    const event = vendorEvent('function-url-captured-base64-body.json');
    event.body = Buffer.alloc(16, 1).toString('base64');
    const { value } = await captureLogs(() => small(event, lambdaContext()));
    expect(value).toMatchObject({ statusCode: 200 });
  });
});

describe('values that cannot become a URL or headers', () => {
  it('answers 400 for a path holding a lone surrogate', async () => {
    const event = vendorEvent('apigw-v2-http-jwt-cookies.json');
    event.rawPath = '/a\ud800b';
    const { value, logs } = await captureLogs(() => handler(event, lambdaContext()));
    expect(value).toMatchObject({ statusCode: 400 });
    expect(logs).toContainEqual(expect.objectContaining({ code: 'MalformedEvent', path: 'rawPath' }));
  });

  it('answers 400 for a header value outside Latin-1', async () => {
    const event = vendorEvent('function-url-captured-get.json');
    event.headers['x-name'] = 'Zoë 🚀';
    const { value, logs } = await captureLogs(() => handler(event, lambdaContext()));
    expect(value).toMatchObject({ statusCode: 400 });
    expect(logs).toContainEqual(expect.objectContaining({ code: 'MalformedEvent', path: 'headers.x-name' }));
  });
});
