import { randomBytes, randomUUID } from 'node:crypto';
import type { ClientRequest } from '@faasade/contract';
import type { HttpRoute } from './host-routing.js';
import type { RpcHttpData, RpcInvocationRequest, RpcNullableString, RpcTypedData } from './rpc-types.js';

/**
 * What the Functions host does with a client's request before the worker sees it:
 * Kestrel parses it (path decoded except `%2F`, repeated headers grouped), ASP.NET Core
 * re-encodes the path, and the host writes an RpcHttp message with the capabilities the
 * Node.js worker declares (RawHttpBodyBytes, RpcHttpBodyOnly,
 * UseNullableValueDictionaryForHttp, RpcHttpTriggerMetadataRemoved).
 * Source: azure-functions-host `GrpcMessageConversionExtensions.ToRpcHttp` and
 * `ScriptInvocationContextExtensions.ToRpcInvocationRequest`.
 */

/** The request as Kestrel hands it to the host. */
export interface KestrelRequest {
  method: string;
  /** `request.Path`: percent-decoded except `%2F`. */
  path: string;
  /** `request.QueryString`: raw, with its `?`. */
  queryString: string;
  /** Header names lower case, in first-seen order, each with every value received. */
  headers: Map<string, string[]>;
  body: Uint8Array | null;
}

/** The wire request a client sends for `client`, as Kestrel parses it. */
export function toKestrelRequest(client: ClientRequest, pathPrefix: string, host: string): KestrelRequest {
  const headers = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    const key = name.toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), value]);
  };
  add('host', host);
  for (const [name, value] of client.headers) add(name, value);
  // Browsers send every cookie in one header (RFC 6265 §5.4).
  if (client.cookies.length > 0) add('cookie', client.cookies.join('; '));
  // A client that says `transfer-encoding: chunked` streams its body without a length.
  if (client.body !== null && !headers.has('transfer-encoding')) add('content-length', String(client.body.byteLength));
  const query = client.query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  return { method: client.method, path: decodePath(`${pathPrefix}${client.path}`), queryString: query ? `?${query}` : '', headers, body: client.body };
}

/** The InvocationRequest the host sends the worker for a routed request. */
export function toInvocationRequest(request: KestrelRequest, route: HttpRoute, routeValues: Record<string, string>, scheme: string): RpcInvocationRequest {
  const http: RpcHttpData = {
    method: request.method,
    url: `${scheme}://${request.headers.get('host')![0]}${pathToUriComponent(request.path)}${request.queryString}`,
    headers: {},
    query: {},
    params: {},
    nullableHeaders: {},
    nullableQuery: nullable(queryDictionary(request.queryString)),
    nullableParams: nullable(routeValues),
    cookies: [],
    rawBody: null,
  };
  for (const [name, values] of request.headers) http.nullableHeaders![name] = { value: joinValues(values) };
  // The host sends a body only when Content-Length is positive (a chunked upload arrives
  // without one); the Node.js worker asks for bytes.
  if (request.body !== null && Number(request.headers.get('content-length')?.[0] ?? 0) > 0) http.body = { bytes: Buffer.from(request.body) };
  const triggerMetadata: Record<string, RpcTypedData> = {
    Query: { json: JSON.stringify(queryDictionary(request.queryString)) },
    Headers: { json: JSON.stringify(Object.fromEntries([...request.headers].map(([name, values]) => [name, joinValues(values)]))) },
    sys: { json: JSON.stringify({ MethodName: route.functionName, UtcNow: new Date().toISOString(), RandGuid: randomUUID() }) },
  };
  for (const [name, value] of Object.entries(routeValues)) triggerMetadata[name] = { string: value };
  return {
    invocationId: randomUUID(),
    functionId: route.functionId,
    inputData: [{ name: route.bindingName, data: { http } }],
    triggerMetadata,
    traceContext: { traceParent: traceParent(request), traceState: '', attributes: { OperationName: route.functionName } },
  };
}

/** `StringValues.ToString()`: values joined with "," (no space), empty ones skipped. */
export function joinValues(values: readonly string[]): string {
  return values.filter((value) => value !== '').join(',');
}

/** ASP.NET Core's `Request.Query`: '+' is a space, keys case-insensitive, repeats joined with ",". */
export function queryDictionary(queryString: string): Record<string, string> {
  const grouped = new Map<string, { key: string; values: string[] }>();
  for (const pair of queryString.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = unescape(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : unescape(pair.slice(eq + 1));
    const entry = grouped.get(key.toLowerCase()) ?? { key, values: [] };
    entry.values.push(value);
    grouped.set(key.toLowerCase(), entry);
  }
  return Object.fromEntries([...grouped.values()].map(({ key, values }) => [key, joinValues(values)]));
}

/** Kestrel's path decoding: percent-escapes decoded as UTF-8, except `%2F`, which stays; invalid runs stay encoded. */
export function decodePath(rawPath: string): string {
  return rawPath
    .split(/(%2F)/i)
    .map((piece) => (/^%2F$/i.test(piece) ? piece : piece.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => tryDecode(run))))
    .join('');
}

// RFC 3986 pchar plus "/": what PathString leaves as it is.
const PATH_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/;

/** ASP.NET Core's `PathString.ToUriComponent`: characters outside pchar escaped, existing `%XX` kept. */
export function pathToUriComponent(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; ) {
    if (path[i] === '%' && /^%[0-9A-Fa-f]{2}$/.test(path.slice(i, i + 3))) {
      out += path.slice(i, i + 3);
      i += 3;
      continue;
    }
    const char = String.fromCodePoint(path.codePointAt(i)!);
    out += PATH_CHAR.test(char) ? char : encodeURIComponent(char);
    i += char.length;
  }
  return out;
}

function nullable(record: Record<string, string>): Record<string, RpcNullableString> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, { value }]));
}

function unescape(text: string): string {
  return tryDecode(text.replace(/\+/g, ' '));
}

function tryDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// The host continues the client's W3C trace, or starts one.
function traceParent(request: KestrelRequest): string {
  const sent = request.headers.get('traceparent')?.[0];
  if (sent && /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(sent)) return sent;
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
}
