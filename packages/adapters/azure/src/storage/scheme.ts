/**
 * The `azblob://` URL scheme.
 *
 * `azblob://<container>[?account=<name>][&endpoint=<blob service URL>]`
 *
 * Where the container is, first match wins:
 * 1. `endpoint` — the blob service URL, e.g. `http://127.0.0.1:10000/devstoreaccount1`
 *    (Azurite), a private endpoint or a sovereign cloud;
 * 2. `account` — `https://<account>.blob.core.windows.net`;
 * 3. `AZURE_STORAGE_CONNECTION_STRING` — endpoint and credential both come from it;
 * 4. `AZURE_STORAGE_ACCOUNT` — as `account`.
 *
 * Credentials, unless the connection string supplied them: the scheme's `credential`
 * option (e.g. a managed identity), else `AZURE_STORAGE_KEY` (shared key, which also
 * allows signed URLs), else `AZURE_STORAGE_SAS_TOKEN`, else anonymous. Secrets never go
 * in the URL. Any other parameter, a path or a user name is an `InvalidArgument`.
 */
import { StorageError, type StorageScheme } from '@faasade/core/storage';
import type { AzureBlobCredential, AzureBlobTarget } from './client.js';
import { AzureBlobDriver } from './driver.js';
import type { UploadTuning } from './upload.js';
import { loadBlobSdk } from './sdk.js';

/** Options of {@link azureBlobScheme}. */
export interface AzureBlobSchemeOptions extends Partial<UploadTuning> {
  /** Credential for URLs that give `account` or `endpoint` (a managed identity, a shared key…). */
  credential?: AzureBlobCredential;
  /** Where to read the variables above; default `process.env` at the time a bucket is opened. */
  env?: Record<string, string | undefined>;
}

const PARAMETERS = new Set(['account', 'endpoint']);
// https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#container-names
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$|^\$(root|web|logs)$/;
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;

/**
 * An `azblob` scheme with these options; register it to open `azblob://` URLs.
 *
 * @example
 * registerStorageScheme(azureBlobScheme({ credential: new ManagedIdentityCredential() }));
 * const photos = openBucket('azblob://photos?account=mystorage');
 */
export function azureBlobScheme(options: AzureBlobSchemeOptions = {}): StorageScheme {
  return {
    scheme: 'azblob',
    async open(url) {
      const driver = new AzureBlobDriver(resolveAzureBlobUrl(url, options));
      await loadBlobSdk(); // opening runs on the bucket's first call: load now so `native()` is synchronous
      return driver;
    },
  };
}

/** The default `azblob` scheme: configuration from `process.env`, no injected credential. */
export const storageScheme: StorageScheme = azureBlobScheme();

/** The driver options an `azblob://` URL stands for. Throws `InvalidArgument` for a bad URL. */
export function resolveAzureBlobUrl(url: URL, options: AzureBlobSchemeOptions = {}): AzureBlobTarget & Partial<UploadTuning> {
  const { credential, env = process.env, ...tuning } = options;
  const { container, account, endpoint } = parseUrl(url);
  const connectionString = env.AZURE_STORAGE_CONNECTION_STRING;
  if (endpoint === undefined && account === undefined && connectionString) {
    return { connectionString, container, ...tuning };
  }
  const accountName = account ?? env.AZURE_STORAGE_ACCOUNT;
  const serviceUrl = endpoint ?? (accountName ? `https://${accountName}.blob.core.windows.net` : undefined);
  if (serviceUrl === undefined) {
    throw invalid(url, 'no storage account: add ?account=… or ?endpoint=…, or set AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT');
  }
  if (credential) return { endpoint: serviceUrl, container, credential, ...tuning };
  const key = env.AZURE_STORAGE_KEY;
  if (key) return { endpoint: serviceUrl, container, sharedKey: { account: accountName ?? accountOf(serviceUrl), key }, ...tuning };
  const sas = env.AZURE_STORAGE_SAS_TOKEN?.replace(/^\?/, '');
  return { endpoint: sas ? `${serviceUrl}?${sas}` : serviceUrl, container, ...tuning };
}

function parseUrl(url: URL): { container: string; account?: string; endpoint?: string } {
  if (url.protocol !== 'azblob:') throw invalid(url, `the scheme must be azblob, not ${url.protocol.slice(0, -1)}`);
  if (url.username || url.password) throw invalid(url, 'credentials do not belong in the URL; use the environment or the scheme options');
  if (url.pathname !== '' && url.pathname !== '/') throw invalid(url, 'a path is not allowed; use ?prefix= for a key prefix');
  const container = url.hostname;
  if (!CONTAINER_NAME.test(container)) {
    throw invalid(url, `"${container}" is not a container name (3-63 lower case letters, digits and single dashes)`);
  }
  const found: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (!PARAMETERS.has(name)) throw invalid(url, `unknown parameter "${name}" (known: ${[...PARAMETERS].join(', ')})`);
    if (name in found) throw invalid(url, `parameter "${name}" is given twice`);
    found[name] = value;
  }
  if (found.account !== undefined && !ACCOUNT_NAME.test(found.account)) {
    throw invalid(url, `"${found.account}" is not a storage account name (3-24 lower case letters and digits)`);
  }
  if (found.endpoint !== undefined && !/^https?:\/\/[^/?#]+/.test(found.endpoint)) {
    throw invalid(url, `endpoint "${found.endpoint}" is not an http(s) URL`);
  }
  return { container, ...found };
}

/** The account of a service URL: the first host label, or the first path segment for an IP or localhost (Azurite). */
function accountOf(serviceUrl: string): string {
  const { hostname, pathname } = new URL(serviceUrl);
  const emulated = hostname === 'localhost' || /^[\d.]+$/.test(hostname) || hostname.startsWith('[');
  return (emulated ? pathname.split('/')[1] : hostname.split('.')[0]) ?? '';
}

function invalid(url: URL, why: string): StorageError {
  const shown = `${url.protocol}//${url.host}`; // without the query: never echo configuration values
  return new StorageError('InvalidArgument', `${shown}: ${why}`, { bucket: shown });
}
