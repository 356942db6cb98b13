import type { ClientRequest, ClientResponse } from '@faasade/contract';
import type { FrontDoor } from '../lambda-harness.js';
import { CLIENT_IP, collectHeaders, eventBody, isObject, requestHeader, resultBytes, traceId, wireQuery } from './common.js';

const DOMAIN = 'faasade-alb-1493856672.us-east-1.elb.amazonaws.com';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/faasade/6d0ecf831eec9f09';

// "For the following types, the load balancer sends the body as is: text/*,
// application/json, application/javascript, and application/xml. Otherwise, the load
// balancer Base64 encodes the body" (and always when content-encoding is present).
const TEXT_TYPES = /^(?:text\/|application\/(?:json|javascript|xml)\b)/i;

/**
 * An Application Load Balancer with a Lambda target group behind an HTTP listener (port
 * 80), with or without the `lambda.multi_value_headers.enabled` attribute. Without it,
 * the last value of a repeated header or query key is all that reaches the function and
 * only `headers` of the result is read; with it, only `multiValueHeaders` is. Query keys
 * and values are passed still encoded.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
 */
function makeAlbDoor(multiValue: boolean): FrontDoor {
  const single = 'without multi-value headers the load balancer keeps only the last';
  return {
    name: `aws: ALB ${multiValue ? 'with' : 'without'} multi-value headers under aws-lambda-ric`,
    baseUrl: `http://${DOMAIN}`,
    capabilities: multiValue
      ? { stagePath: false }
      : { repeatedQueryKeys: false, repeatedHeaders: false, multipleSetCookies: false, stagePath: false },
    reasons: {
      repeatedQueryKeys: `${single} value of a repeated query key`,
      repeatedHeaders: `${single} value of a repeated header`,
      multipleSetCookies: 'without multi-value headers a result carries one value per header, so one Set-Cookie',
      stagePath: 'an ALB has no stage or base path',
    },

    toEvent(request: ClientRequest) {
      const headerPairs: Array<[string, string]> = [
        ...request.headers.map(([n, v]) => [n.toLowerCase(), v] as [string, string]),
        ...(request.cookies.length > 0 ? [['cookie', request.cookies.join('; ')] as [string, string]] : []),
        ['host', DOMAIN],
        ['x-amzn-trace-id', traceId()],
        ['x-forwarded-for', CLIENT_IP],
        ['x-forwarded-port', '80'],
        ['x-forwarded-proto', 'http'],
      ];
      const queryPairs = wireQuery(request)
        .split('&')
        .filter((pair) => pair !== '')
        .map((pair) => {
          const eq = pair.indexOf('=');
          return (eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)]) as [string, string];
        });
      const contentType = requestHeader(request, 'content-type') ?? '';
      const isText = requestHeader(request, 'content-encoding') === undefined && TEXT_TYPES.test(contentType);
      const body = eventBody(request.body, isText);
      return {
        event: {
          requestContext: { elb: { targetGroupArn: TARGET_GROUP } },
          httpMethod: request.method,
          path: request.path,
          ...(multiValue
            ? { multiValueQueryStringParameters: group(queryPairs), multiValueHeaders: group(headerPairs) }
            : { queryStringParameters: Object.fromEntries(queryPairs), headers: Object.fromEntries(headerPairs) }),
          body: body.body ?? '',
          isBase64Encoded: body.isBase64Encoded,
        },
      };
    },

    toClientResponse(result: unknown, request: ClientRequest): ClientResponse {
      if (!isObject(result) || typeof result.statusCode !== 'number') return badGateway();
      const pairs: Array<[string, unknown]> = [];
      if (multiValue) {
        const multi = isObject(result.multiValueHeaders) ? result.multiValueHeaders : {};
        for (const [name, values] of Object.entries(multi)) for (const value of Array.isArray(values) ? values : []) pairs.push([name, value]);
      } else {
        pairs.push(...Object.entries(isObject(result.headers) ? result.headers : {}));
      }
      const body = request.method === 'HEAD' ? new Uint8Array(0) : resultBytes(result.body, result.isBase64Encoded);
      return { status: result.statusCode, ...collectHeaders(pairs), body };
    },
    invocationError: badGateway,
  };
}

function group(pairs: Array<[string, string]>): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of pairs) (grouped[name] ??= []).push(value);
  return grouped;
}

function badGateway(): ClientResponse {
  return { status: 502, headers: [['content-type', 'text/html']], cookies: [], body: new TextEncoder().encode('<html><body><h1>502 Bad Gateway</h1></body></html>') };
}

export const albDoor = makeAlbDoor(false);
export const albMultiValueDoor = makeAlbDoor(true);
