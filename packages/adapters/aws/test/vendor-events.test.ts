import { describe, expect, it } from 'vitest';
import { EventDecodeError } from '@faasade/core';
import { lambdaHandler } from '../src/index.js';
import { captureLogs, echo, lambdaContext, seen, vendorEvent } from './support.js';

// The vendor sample events (../shared/fixtures/events/aws) fed straight to the handler:
// each must reach the function as the request its front door describes.
const handler = lambdaHandler(echo);
const invoke = async (name: string) => {
  const result = (await handler(vendorEvent(name), lambdaContext())) as { statusCode: number; body: string; isBase64Encoded: boolean };
  expect(result.statusCode, result.body).toBe(200);
  return { result, request: seen(result) };
};
const header = (headers: Array<[string, string]>, name: string) => new Headers(headers).get(name);

describe('vendor HTTP events reach the function as the client sent them', () => {
  it('API Gateway REST, multi-value headers and query, authorizer context', async () => {
    const { request } = await invoke('apigw-v1-rest-multivalue-authorizer-ctx.json');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://gy415nuibc.execute-api.us-east-1.amazonaws.com/hello/world?name=me&name=me2');
    expect(header(request.headers, 'headername')).toBe('headerValue, headerValue2');
    expect(header(request.headers, 'content-type')).toBe('application/json');
    expect(Buffer.from(request.body, 'base64').toString()).toBe('{\r\n\t"a": 1\r\n}');
  });

  it('HTTP API with payload 1.0 (docs example): repeated header and query values, no Host header', async () => {
    const { request } = await invoke('apigw-v1-rest-docs-payload-1.0.json');
    expect(request.method).toBe('GET');
    expect(request.url).toBe('https://id.execute-api.us-east-1.amazonaws.com/my/path?parameter1=value1&parameter1=value2&parameter2=value');
    expect(header(request.headers, 'header2')).toBe('value1, value2');
    expect(header(request.headers, 'origin')).toBe('https://aws.amazon.com');
    expect(request.body).toBe(''); // a GET has no body, whatever the event carries
  });

  it('HTTP API 2.0 captured: POST without a body', async () => {
    const { request } = await invoke('apigw-v2-http-captured-no-authorizer.json');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://lsw1ro4ipb.execute-api.eu-west-1.amazonaws.com/lambda');
    expect(header(request.headers, 'authorization')).toBe('Bearer foo');
    expect(request.body).toBe('');
  });

  it('HTTP API 2.0 with cookies, joined query values and a JSON body', async () => {
    const { request } = await invoke('apigw-v2-http-jwt-cookies.json');
    expect(request.url).toBe('https://id.execute-api.us-east-1.amazonaws.com/my/path?parameter1=value1&parameter1=value2&parameter2=value');
    expect(new URL(request.url).searchParams.getAll('parameter1')).toEqual(['value1', 'value2']);
    expect(header(request.headers, 'cookie')).toBe('cookie1; cookie2');
    expect(header(request.headers, 'header2')).toBe('value1,value2');
    expect(Buffer.from(request.body, 'base64').toString()).toBe('{"message": "hello world", "username": "tom"}');
  });

  it('Function URL with a base64 body: the bytes, not the base64 text', async () => {
    const { request } = await invoke('function-url-captured-base64-body.json');
    expect(request.url).toBe('https://lambda-url-id.lambda-url.us-west-2.on.aws/');
    expect(Buffer.from(request.body, 'base64').toString()).toBe('<idk/>');
    expect(header(request.headers, 'content-type')).toBe('idk');
  });

  it('Function URL GET', async () => {
    const { request } = await invoke('function-url-captured-get.json');
    expect(request.method).toBe('GET');
    expect(request.url).toBe('https://lambda-url-id.lambda-url.us-west-2.on.aws/');
    expect(header(request.headers, 'accept')).toBe('application/xml');
  });

  it('ALB with multi-value headers: answered in multiValueHeaders with a status line', async () => {
    const { result, request } = await invoke('alb-multi-value-headers.json');
    expect(request.url).toBe('http://lambda-test-alb-1234567.us-east-1.elb.amazonaws.com/?key=hello');
    expect(header(request.headers, 'x-myheader')).toBe('123');
    expect(result).toMatchObject({ statusDescription: '200 OK', multiValueHeaders: { 'content-type': ['application/json'] } });
    expect(result).not.toHaveProperty('headers');
  });

  it('ALB without multi-value headers: answered in headers with a status line', async () => {
    const { result, request } = await invoke('alb-single-value-headers.json');
    expect(request.url).toBe('http://lambda-test-alb-1334523864.us-east-1.elb.amazonaws.com/?key=hello');
    expect(result).toMatchObject({ statusDescription: '200 OK', headers: { 'content-type': 'application/json' } });
    expect(result).not.toHaveProperty('multiValueHeaders');
  });

  it('takes the invocation id from awsRequestId and the deadline from the remaining time', async () => {
    const context = lambdaContext('4f7ae1c2-0d5b-4a8e-9c3f-1b2d3e4f5a6b', 1234);
    const before = Date.now();
    const request = seen((await handler(vendorEvent('function-url-captured-get.json'), context)) as never);
    expect(request.invocationId).toBe('4f7ae1c2-0d5b-4a8e-9c3f-1b2d3e4f5a6b');
    expect(request.deadline).toBeGreaterThanOrEqual(before + 1234 - 50);
    expect(request.deadline).toBeLessThanOrEqual(Date.now() + 1234);
  });
});

describe('events that are not HTTP requests', () => {
  const others = ['s3-objectcreated-put.json', 's3-objectremoved-delete.json', 's3-eventbridge-object-created.json', 's3-via-sqs.json', 'sns-notification.json', 'sqs-batch-two-records.json', 'eventbridge-scheduled-event.json'];
  for (const name of others) {
    it(`${name} fails the invocation with UnknownEventShape and a log line`, async () => {
      const { error, logs } = await captureLogs(() => handler(vendorEvent(name), lambdaContext()));
      expect(error).toBeInstanceOf(EventDecodeError);
      expect((error as EventDecodeError).code).toBe('UnknownEventShape');
      expect(logs).toContainEqual(expect.objectContaining({ level: 'error', code: 'UnknownEventShape', cloud: 'aws' }));
    });
  }

  for (const [label, event] of [['null', null], ['a string', 'GET /'], ['an empty object', {}], ['an array', []]] as const) {
    it(`${label} fails the invocation with UnknownEventShape`, async () => {
      const { error } = await captureLogs(() => handler(event, lambdaContext()));
      expect((error as EventDecodeError).code).toBe('UnknownEventShape');
    });
  }
});
