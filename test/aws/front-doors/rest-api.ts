import type { ClientRequest, ClientResponse } from '@faasade/contract';
import type { FrontDoor } from '../lambda-harness.js';
import { ACCOUNT_ID, CLIENT_IP, collectHeaders, eventBody, gatewayResponse, isObject, requestHeader, requestId, requestTime, resultBytes, traceId } from './common.js';

/** Where a REST API is reached: its execute-api domain with a stage, or a custom domain with a base path mapping. */
interface RestEndpoint {
  name: string;
  host: string;
  /** `/live` (stage) or `/v1` (base path mapping). */
  prefix: string;
  /** True on a custom domain: `path` then keeps the base path (localstack/localstack#12296). */
  customDomain: boolean;
}

const API_ID = 'r3stap1k9q';

/**
 * An API Gateway REST API with a `{proxy+}` Lambda proxy integration, deployed with
 * `binaryMediaTypes: ['*\/*']` (what faasade's templates set), so request bodies arrive
 * base64-encoded and base64 results are decoded for the client. Header names keep the
 * client's spelling, `multiValue*` fields keep repeats, query values arrive decoded and
 * the path stays percent-encoded (live capture, hotsock/voker apigwv1-request.json).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
function makeRestApiDoor(endpoint: RestEndpoint): FrontDoor {
  return {
    name: `aws: API Gateway REST API ${endpoint.name} under aws-lambda-ric`,
    baseUrl: `https://${endpoint.host}${endpoint.prefix}`,

    toEvent(request: ClientRequest) {
      const now = new Date();
      const headerPairs: Array<[string, string]> = [
        ['Host', endpoint.host],
        ...request.headers,
        ...(request.cookies.length > 0 ? [['cookie', request.cookies.join('; ')] as [string, string]] : []),
        ['X-Amzn-Trace-Id', traceId()],
        ['X-Forwarded-For', CLIENT_IP],
        ['X-Forwarded-Port', '443'],
        ['X-Forwarded-Proto', 'https'],
      ];
      const headers: Record<string, string> = {};
      const multiValueHeaders: Record<string, string[]> = {};
      for (const [name, value] of headerPairs) {
        headers[name] = value;
        (multiValueHeaders[name] ??= []).push(value);
      }
      const query: Record<string, string> = {};
      const multiQuery: Record<string, string[]> = {};
      for (const [name, value] of request.query) {
        query[name] = value;
        (multiQuery[name] ??= []).push(value);
      }
      const clientPath = `${endpoint.prefix}${request.path}`;
      const body = eventBody(request.body, false);
      return {
        event: {
          resource: '/{proxy+}',
          path: endpoint.customDomain ? clientPath : request.path,
          httpMethod: request.method,
          headers,
          multiValueHeaders,
          queryStringParameters: request.query.length > 0 ? query : null,
          multiValueQueryStringParameters: request.query.length > 0 ? multiQuery : null,
          pathParameters: { proxy: request.path.slice(1) },
          stageVariables: null,
          requestContext: {
            accountId: ACCOUNT_ID,
            apiId: API_ID,
            domainName: endpoint.host,
            domainPrefix: endpoint.host.split('.')[0],
            extendedRequestId: requestId(),
            httpMethod: request.method,
            identity: { sourceIp: CLIENT_IP, userAgent: requestHeader(request, 'user-agent') ?? null },
            path: clientPath,
            protocol: 'HTTP/1.1',
            requestId: requestId(),
            requestTime: requestTime(now),
            requestTimeEpoch: now.getTime(),
            resourceId: 'al6gqb',
            resourcePath: '/{proxy+}',
            stage: 'live',
          },
          body: body.body ?? null,
          isBase64Encoded: body.isBase64Encoded,
        },
      };
    },

    toClientResponse(result: unknown, request: ClientRequest): ClientResponse {
      if (!isObject(result) || typeof result.statusCode !== 'number') return gatewayResponse(502, 'Internal server error');
      // headers and multiValueHeaders are merged; a name in both takes the multi-value list.
      const multi = isObject(result.multiValueHeaders) ? result.multiValueHeaders : {};
      const multiNames = new Set(Object.keys(multi).map((n) => n.toLowerCase()));
      const pairs: Array<[string, unknown]> = [];
      for (const [name, value] of Object.entries(isObject(result.headers) ? result.headers : {})) {
        if (!multiNames.has(name.toLowerCase())) pairs.push([name, value]);
      }
      for (const [name, values] of Object.entries(multi)) for (const value of Array.isArray(values) ? values : []) pairs.push([name, value]);
      const body = request.method === 'HEAD' ? new Uint8Array(0) : resultBytes(result.body, result.isBase64Encoded);
      return { status: result.statusCode, ...collectHeaders(pairs), body };
    },
    invocationError: () => gatewayResponse(502, 'Internal server error'),
  };
}

/** On the execute-api domain, stage `live` in the URL. */
export const restApiDoor = makeRestApiDoor({ name: '(stage in the URL)', host: `${API_ID}.execute-api.us-east-1.amazonaws.com`, prefix: '/live', customDomain: false });
/** On a custom domain whose base path `v1` maps to the stage. */
export const restApiCustomDomainDoor = makeRestApiDoor({ name: '(custom domain, base path /v1)', host: 'api.faasade.example', prefix: '/v1', customDomain: true });
