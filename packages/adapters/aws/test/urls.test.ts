import { describe, expect, it } from 'vitest';
import { lambdaHandler } from '../src/index.js';
import { echo, lambdaContext, seen, vendorEvent } from './support.js';

// `request.url` is the URL the client used, whichever way its front door encodes paths
// and queries (REST/Function URL/ALB keep the path encoded, HTTP APIs decode it; REST
// decodes query values, ALB does not; HTTP API and Function URL pass the raw query).
const handler = lambdaHandler(echo);
const urlOf = async (event: Record<string, any>) => seen((await handler(event, lambdaContext())) as never).url;

describe('paths', () => {
  it('HTTP API: re-encodes the decoded rawPath, named stage included', async () => {
    const event = vendorEvent('apigw-v2-http-jwt-cookies.json');
    event.rawPath = '/live/a b/été/50%/x?y#z';
    event.rawQueryString = '';
    expect(new URL(await urlOf(event)).pathname).toBe('/live/a%20b/%C3%A9t%C3%A9/50%25/x%3Fy%23z');
  });

  it('Function URL: keeps rawPath as sent, escapes only what cannot stand in a URL', async () => {
    const event = vendorEvent('function-url-captured-get.json');
    event.rawPath = '/a%20b/slash%2Fkept/%zz/ü';
    expect(new URL(await urlOf(event)).pathname).toBe('/a%20b/slash%2Fkept/%25zz/%C3%BC');
  });

  it('REST API: the stage from requestContext.path, the encoding kept', async () => {
    const event = vendorEvent('apigw-v1-rest-multivalue-authorizer-ctx.json');
    event.path = '/items/a%2Fb';
    event.requestContext.path = '/prod/items/a%2Fb';
    expect(await urlOf(event)).toBe('https://gy415nuibc.execute-api.us-east-1.amazonaws.com/prod/items/a%2Fb?name=me&name=me2');
  });

  it('REST API on a custom domain: the base path, as the client requested it', async () => {
    const event = vendorEvent('apigw-v1-rest-multivalue-authorizer-ctx.json');
    event.headers.Host = 'api.example.com';
    event.multiValueHeaders.Host = ['api.example.com'];
    event.path = '/v1/hello/world';
    event.requestContext.path = '/v1/hello/world';
    event.requestContext.domainName = 'api.example.com';
    expect(new URL(await urlOf(event)).href).toBe('https://api.example.com/v1/hello/world?name=me&name=me2');
  });

  it('REST API without requestContext.path: falls back to path', async () => {
    const event = vendorEvent('apigw-v1-rest-multivalue-authorizer-ctx.json');
    delete event.requestContext.path;
    expect(new URL(await urlOf(event)).pathname).toBe('/hello/world');
  });

  it('HTTP API payload 1.0: re-encodes the decoded path', async () => {
    const event = vendorEvent('apigw-v1-rest-docs-payload-1.0.json');
    event.requestContext.path = '/my/a b';
    expect(new URL(await urlOf(event)).pathname).toBe('/my/a%20b');
  });
});

describe('queries', () => {
  it('REST API: decoded values are encoded again and decode to the same', async () => {
    const event = vendorEvent('apigw-v1-rest-multivalue-authorizer-ctx.json');
    event.multiValueQueryStringParameters = { q: ['a b+c'], amp: ['x&y=z'], name: ['Zoë 🚀'], empty: [''] };
    const params = new URL(await urlOf(event)).searchParams;
    expect([...params]).toEqual([['q', 'a b+c'], ['amp', 'x&y=z'], ['name', 'Zoë 🚀'], ['empty', '']]);
  });

  it('REST API with only single-value parameters', async () => {
    const event = vendorEvent('apigw-v1-rest-multivalue-authorizer-ctx.json');
    delete event.multiValueQueryStringParameters;
    event.queryStringParameters = { q: 'a&b' };
    expect(new URL(await urlOf(event)).searchParams.get('q')).toBe('a&b');
  });

  it('ALB: keys and values as sent, not encoded twice', async () => {
    const event = vendorEvent('alb-multi-value-headers.json');
    event.multiValueQueryStringParameters = { redirect: ['https%3A%2F%2Fexample.com%2Fa'], plus: ['a+b', 'a%2Bb'] };
    const url = new URL(await urlOf(event));
    expect(url.search).toBe('?redirect=https%3A%2F%2Fexample.com%2Fa&plus=a+b&plus=a%2Bb');
    expect(url.searchParams.getAll('plus')).toEqual(['a b', 'a+b']);
  });

  it('HTTP API: the raw query string as sent, unsafe characters escaped', async () => {
    const event = vendorEvent('apigw-v2-http-jwt-cookies.json');
    event.rawQueryString = 'q=a+b%2Bc&t=ü x';
    const url = new URL(await urlOf(event));
    expect(url.search).toBe('?q=a+b%2Bc&t=%C3%BC%20x');
    expect(url.searchParams.get('q')).toBe('a b+c');
  });
});

describe('scheme and host', () => {
  it('ALB over HTTP: http and the Host header', async () => {
    expect(await urlOf(vendorEvent('alb-single-value-headers.json'))).toMatch(/^http:\/\/lambda-test-alb-1334523864\.us-east-1\.elb\.amazonaws\.com\//);
  });

  it('HTTP API without a Host header: the domain name', async () => {
    const event = vendorEvent('apigw-v2-http-captured-no-authorizer.json');
    delete event.headers.host;
    expect(await urlOf(event)).toBe('https://lsw1ro4ipb.execute-api.eu-west-1.amazonaws.com/lambda');
  });

  it('a Host with a port keeps it', async () => {
    const event = vendorEvent('alb-single-value-headers.json');
    event.headers.host = 'internal.example:8080';
    expect(new URL(await urlOf(event)).host).toBe('internal.example:8080');
  });
});
