import type { ResponseParts } from './response-parts.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 409: 'Conflict', 410: 'Gone',
  412: 'Precondition Failed', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/**
 * An RFC 9457 `application/problem+json` response. `detail` is shown to the client, so
 * only public messages go here.
 */
export function problemParts(status: number, detail: string | undefined, headers: Record<string, string> = {}): ResponseParts {
  const body: Record<string, unknown> = { type: 'about:blank', title: TITLES[status] ?? 'Error', status };
  if (detail) body.detail = detail;
  const pairs: Array<[string, string]> = [['content-type', 'application/problem+json']];
  for (const [name, value] of Object.entries(headers)) pairs.push([name.toLowerCase(), value]);
  return { status, headers: pairs, cookies: [], body: JSON.stringify(body) };
}
