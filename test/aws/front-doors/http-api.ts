import type { ClientRequest } from '@faasade/contract';
import type { FrontDoor } from '../lambda-harness.js';
import { ACCOUNT_ID, CLIENT_IP, decodePath, gatewayResponse, requestHeader, requestId, requestTime } from './common.js';
import { v2ClientResponse, v2Common, v2Headers } from './payload-v2.js';

const API_ID = 'h7tpap1x2z';
const DOMAIN = `${API_ID}.execute-api.us-east-1.amazonaws.com`;
const STAGE = 'live';

/**
 * The path an HTTP API hands to Lambda. Live captures (hotsock/voker, ingress-paths.json)
 * show it decodes the path, cuts it at a decoded `?`, then decodes once more, and rejects
 * the request when that second decode fails (`/percent%25done`): `/a%252Fb` arrives as
 * `/a/b`, `/q%3Fx` as `/q`, `/50%25` is refused.
 */
export function httpApiRawPath(wirePath: string): string | undefined {
  const once = decodePath(wirePath);
  if (once === undefined) return undefined;
  return decodePath(once.split('?')[0]!);
}

/** API Gateway HTTP API, payload 2.0, on the execute-api domain with the named stage `live`. */
export const httpApiDoor: FrontDoor = {
  name: 'aws: API Gateway HTTP API (payload 2.0) under aws-lambda-ric',
  capabilities: { percentInPath: false },
  reasons: { percentInPath: 'HTTP APIs decode the path twice and answer 400 when the second decode fails (live captures)' },
  baseUrl: `https://${DOMAIN}/${STAGE}`,

  toEvent(request: ClientRequest) {
    // A named stage is part of the URL and stays in rawPath.
    const rawPath = httpApiRawPath(`/${STAGE}${request.path}`);
    if (rawPath === undefined) return { response: gatewayResponse(400, 'Bad Request') };
    const now = new Date();
    return {
      event: {
        ...v2Common(request),
        rawPath,
        headers: v2Headers(request, DOMAIN),
        requestContext: {
          accountId: ACCOUNT_ID,
          apiId: API_ID,
          domainName: DOMAIN,
          domainPrefix: API_ID,
          http: { method: request.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: CLIENT_IP, userAgent: requestHeader(request, 'user-agent') ?? '' },
          requestId: requestId(),
          routeKey: '$default',
          stage: STAGE,
          time: requestTime(now),
          timeEpoch: now.getTime(),
        },
      },
    };
  },
  toClientResponse: v2ClientResponse,
  invocationError: () => gatewayResponse(500, 'Internal Server Error'),
};
