import type { ClientRequest } from '@faasade/contract';
import type { FrontDoor } from '../lambda-harness.js';
import { CLIENT_IP, decodePath, gatewayResponse, requestHeader, requestId, requestTime } from './common.js';
import { v2ClientResponse, v2Common, v2Headers } from './payload-v2.js';

const URL_ID = 'q3ezlrtxfmbvk6u2nbwjd5o7ay0cpshi';
const DOMAIN = `${URL_ID}.lambda-url.us-east-1.on.aws`;

/**
 * A Lambda Function URL (auth type NONE). Payload 2.0 with `rawPath` exactly as sent and
 * `requestContext.http.path` decoded; the Cookie header stays in `headers` beside the
 * `cookies` array (live capture, hotsock/voker functionurl-request.json).
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
 */
export const functionUrlDoor: FrontDoor = {
  name: 'aws: Lambda Function URL under aws-lambda-ric',
  baseUrl: `https://${DOMAIN}`,
  capabilities: { stagePath: false },
  reasons: { stagePath: 'Function URLs have no stage or base path' },

  toEvent(request: ClientRequest) {
    const now = new Date();
    const cookie: Record<string, string> = request.cookies.length > 0 ? { cookie: request.cookies.join('; ') } : {};
    return {
      event: {
        ...v2Common(request),
        rawPath: request.path,
        headers: v2Headers(request, DOMAIN, { ...cookie, 'x-amzn-tls-cipher-suite': 'TLS_AES_128_GCM_SHA256', 'x-amzn-tls-version': 'TLSv1.3' }),
        requestContext: {
          accountId: 'anonymous',
          apiId: URL_ID,
          domainName: DOMAIN,
          domainPrefix: URL_ID,
          http: { method: request.method, path: decodePath(request.path) ?? request.path, protocol: 'HTTP/1.1', sourceIp: CLIENT_IP, userAgent: requestHeader(request, 'user-agent') ?? '' },
          requestId: requestId(),
          routeKey: '$default',
          stage: '$default',
          time: requestTime(now),
          timeEpoch: now.getTime(),
        },
      },
    };
  },
  toClientResponse: v2ClientResponse,
  invocationError: () => gatewayResponse(502, 'Internal Server Error'),
};
