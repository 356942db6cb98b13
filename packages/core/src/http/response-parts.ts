import { LightResponse } from './light-response.js';
import { isPlainRecord, type BufferedBody, type HeadersInit } from './body.js';

/**
 * A response reduced to what every platform's result format carries: adapters encode
 * these parts, never a `Response`.
 */
export interface ResponseParts {
  status: number;
  /** Header name (lower case) and value pairs in order, repeats kept, `set-cookie` excluded. */
  headers: Array<[name: string, value: string]>;
  /** One entry per `Set-Cookie` header. */
  cookies: string[];
  body: BufferedBody;
}

// RFC 9110 token characters for field names.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values must not contain CR, LF or NUL: they would split or end the header block.
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/**
 * Reads a handler's response into {@link ResponseParts}. A `LightResponse` is read
 * without streams; any other `Response` has its body buffered.
 * @throws TypeError for a header name or value that would corrupt the response (CR/LF injection).
 */
export async function readResponse(response: Response): Promise<ResponseParts> {
  if (response instanceof LightResponse) return lightResponseParts(response as LightResponse);
  const { headers, cookies } = splitHeaders(response.headers);
  const body = response.body === null ? null : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers, cookies, body };
}

/**
 * The parts of a {@link LightResponse}, synchronously: no stream, no `Headers`, no await
 * (invokeHttp's fast path; every await costs a microtask turn per invocation).
 * @throws TypeError as {@link readResponse} does.
 */
export function lightResponseParts(light: LightResponse): ResponseParts {
  const { headers, cookies } = splitHeaders(light.headersInit);
  return { status: light.status, headers, cookies, body: light.bodySource };
}

type SplitHeaders = Pick<ResponseParts, 'headers' | 'cookies'>;

// A frozen record cannot change once checked: `json()`, `text()` and `binary()` share one
// per content type, so most responses reuse its validated pairs instead of redoing them.
const frozenRecords = new WeakMap<object, SplitHeaders>();

// The frozen record met last, checked first: most responses of an instance share one.
let lastRecord: object | undefined;
let lastSplit: SplitHeaders | undefined;

function splitHeaders(init: HeadersInit | undefined): SplitHeaders {
  let split: SplitHeaders | undefined;
  if (init !== undefined && init === lastRecord) {
    split = lastSplit!;
  } else {
    if (init === undefined || !Object.isFrozen(init) || !isPlainRecord(init)) return splitAnew(init);
    split = frozenRecords.get(init);
    if (!split) frozenRecords.set(init, (split = splitAnew(init)));
    lastRecord = init;
    lastSplit = split;
  }
  // Fresh arrays: adapters may add to an answer's headers (the pairs themselves stay as they are).
  return { headers: split.headers.slice(), cookies: split.cookies.length === 0 ? [] : split.cookies.slice() };
}

function splitAnew(init: HeadersInit | undefined): SplitHeaders {
  const headers: Array<[string, string]> = [];
  const cookies: string[] = [];
  const add = (rawName: string, rawValue: string): void => {
    const name = rawName.toLowerCase();
    const value = String(rawValue).trim();
    if (!HEADER_NAME.test(name)) throw new TypeError(`invalid response header name ${JSON.stringify(rawName)}`);
    if (FORBIDDEN_IN_VALUE.test(value)) throw new TypeError(`invalid value for response header "${name}": CR, LF and NUL are not allowed`);
    if (name === 'set-cookie') cookies.push(value);
    else headers.push([name, value]);
  };
  if (init === undefined) return { headers, cookies };
  // Pairs and records first: `instanceof Headers` would load undici for them (see inheritLazily).
  if (Array.isArray(init)) {
    for (const pair of init) add(String(pair[0]), String(pair[1]));
  } else if (!isHeaders(init)) {
    for (const name of Object.keys(init)) add(name, (init as Record<string, string>)[name]!);
  } else {
    // Headers already validated names and values; getSetCookie keeps cookies apart.
    init.forEach((value, name) => {
      if (name !== 'set-cookie') headers.push([name, value]);
    });
    cookies.push(...init.getSetCookie());
  }
  return { headers, cookies };
}

function isHeaders(init: object): init is Headers {
  return !isPlainRecord(init) && init instanceof Headers;
}
