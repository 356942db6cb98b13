import { CliError } from '../errors.js';
import { expectObject } from './event-file.js';

/**
 * The neutral description of an HTTP request, as `faasade invoke` reads it:
 * `{"method": "POST", "path": "/hello?name=Ada", "headers": {"content-type": "application/json"}, "body": {"name": "Ada"}}`.
 * `headers` may also be a list of `[name, value]` pairs (repeats kept); `body` is text, or
 * JSON to be sent as JSON; `bodyBase64` carries bytes.
 */
export interface HttpEventDescription {
  method: string;
  /** Path and query, percent-encoded, starting with `/`. */
  path: string;
  headers: Array<[string, string]>;
  body: Uint8Array | null;
}

const METHOD = /^[A-Z]+$/;

/** Reads a neutral HTTP event; `defaultPath` (the route, when it has no parameters) is used when it names none. */
export function readHttpEvent(value: unknown, defaultPath: string): HttpEventDescription {
  const event = expectObject(value ?? {}, 'an HTTP event');
  const method = event.method === undefined ? 'GET' : event.method;
  if (typeof method !== 'string' || !METHOD.test(method.toUpperCase())) throw invalid('"method" must be an HTTP method such as "GET"');
  const path = pathOf(event, defaultPath);
  const headers = headersOf(event.headers);
  let body: Uint8Array | null = null;
  if (event.bodyBase64 !== undefined) {
    if (typeof event.bodyBase64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(event.bodyBase64)) throw invalid('"bodyBase64" must be base64 text');
    body = new Uint8Array(Buffer.from(event.bodyBase64, 'base64'));
  } else if (typeof event.body === 'string') {
    body = new TextEncoder().encode(event.body);
  } else if (event.body !== undefined && event.body !== null) {
    body = new TextEncoder().encode(JSON.stringify(event.body));
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['content-type', 'application/json']);
  }
  return { method: method.toUpperCase(), path, headers, body };
}

function pathOf(event: Record<string, unknown>, defaultPath: string): string {
  if (event.url !== undefined) {
    if (typeof event.url !== 'string') throw invalid('"url" must be a string');
    try {
      const url = new URL(event.url, 'http://localhost');
      return url.pathname + url.search;
    } catch {
      throw invalid(`"url" ${JSON.stringify(event.url)} is not a URL`);
    }
  }
  if (event.path === undefined && defaultPath.includes('{')) {
    throw invalid(`the route ${defaultPath} has parameters: give a "path" such as ${JSON.stringify(defaultPath.replace(/\{(\w+)\+?\}/g, '$1'))} in an event (--event <file>)`);
  }
  const path = event.path ?? defaultPath;
  if (typeof path !== 'string' || !path.startsWith('/')) throw invalid('"path" must start with "/", such as "/hello?name=Ada"');
  return path;
}

function headersOf(value: unknown): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    return value.map((pair, index) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        throw invalid(`headers[${index}] must be a [name, value] pair of strings`);
      }
      return [pair[0], pair[1]];
    });
  }
  const pairs: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(expectObject(value, '"headers"'))) {
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      if (typeof item !== 'string') throw invalid(`header "${name}" must be a string or a list of strings`);
      pairs.push([name, item]);
    }
  }
  return pairs;
}

function invalid(message: string): CliError {
  return new CliError('EventFileInvalid', `HTTP event: ${message}`);
}
