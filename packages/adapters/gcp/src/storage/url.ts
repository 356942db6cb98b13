import { StorageError } from '@faasade/core/storage';
import type { GcsDriverOptions } from './options.js';

/** Query parameters a `gs://` URL may carry (besides `prefix`, which the portable layer takes). */
export const GS_URL_PARAMETERS = ['projectId', 'apiEndpoint', 'signedUrls'] as const;

// Bucket names: 3–63 characters (222 with dots), lower-case letters, digits, - _ and ., starting and ending with a letter or digit.
const BUCKET_NAME = /^[a-z0-9](?:[a-z0-9._-]{1,220})[a-z0-9]$/;

function invalid(url: URL, problem: string): StorageError {
  return new StorageError('InvalidArgument', `gs:// URL ${url.protocol}//${url.host}${url.pathname}: ${problem}`, { operation: 'open' });
}

function parseEndpoint(url: URL, value: string): string {
  let endpoint: URL;
  try {
    endpoint = new URL(value);
  } catch {
    throw invalid(url, `apiEndpoint ${JSON.stringify(value)} is not an absolute URL such as http://127.0.0.1:4443`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw invalid(url, 'apiEndpoint must be an http: or https: URL');
  return value;
}

function parseBoolean(url: URL, name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(url, `${name} must be true or false, got ${JSON.stringify(value)}`);
}

/**
 * Reads a bucket URL into driver options:
 *
 * `gs://<bucket>[?projectId=<id>][&apiEndpoint=<url>][&signedUrls=true|false]`
 *
 * - `projectId`: the project for the client (otherwise the SDK's detection).
 * - `apiEndpoint`: the JSON API base URL of an emulator or private endpoint. Without it the
 *   SDK's default applies, which honours `STORAGE_EMULATOR_HOST`.
 * - `signedUrls`: force signed URLs on (IAM signing) or off; see `GcsDriverOptions.signedUrls`.
 *
 * Credentials never go in the URL: the SDK finds them (`GOOGLE_APPLICATION_CREDENTIALS`,
 * the metadata server on Google Cloud). Unknown parameters, a path, a port or user info
 * are refused with `InvalidArgument`, so typos surface at the first call.
 */
export function parseGsUrl(url: URL): GcsDriverOptions {
  if (url.protocol !== 'gs:') throw invalid(url, 'the scheme must be gs:');
  if (url.username || url.password || url.port) throw invalid(url, 'user info and ports are not allowed; credentials come from the environment');
  if (url.pathname !== '' && url.pathname !== '/') throw invalid(url, 'a bucket URL has no path; use ?prefix= to scope keys');
  if (url.hash) throw invalid(url, 'a bucket URL has no #fragment');
  const bucket = url.hostname;
  if (!BUCKET_NAME.test(bucket)) throw invalid(url, `${JSON.stringify(bucket)} is not a bucket name (3-222 of a-z 0-9 . _ -, starting and ending with a letter or digit)`);

  const options: GcsDriverOptions = { bucket };
  const client: NonNullable<GcsDriverOptions['clientOptions']> = {};
  for (const [name, value] of url.searchParams) {
    if (url.searchParams.getAll(name).length > 1) throw invalid(url, `parameter ${name} is given more than once`);
    if (name === 'projectId') client.projectId = value;
    else if (name === 'apiEndpoint') client.apiEndpoint = parseEndpoint(url, value);
    else if (name === 'signedUrls') options.signedUrls = parseBoolean(url, name, value);
    else throw invalid(url, `unknown parameter ${JSON.stringify(name)} (known: ${GS_URL_PARAMETERS.join(', ')}, prefix)`);
  }
  if (Object.keys(client).length > 0) options.clientOptions = client;
  return options;
}
