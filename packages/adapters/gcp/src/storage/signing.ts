import { readFileSync } from 'node:fs';
import type { Bucket, GetSignedUrlConfig, Storage } from '@google-cloud/storage';
import type { DriverSignedUrlOptions } from '@faasade/core/storage';
import type { GcsDriverOptions } from './options.js';

/** The public fields of google-auth-library's `GoogleAuth` that say where credentials come from. */
interface AuthSource {
  jsonContent?: unknown;
  keyFilename?: unknown;
}

function holdsPrivateKey(credentials: unknown): boolean {
  if (typeof credentials !== 'object' || credentials === null) return false;
  const { private_key: key, client_email: email } = credentials as Record<string, unknown>;
  return typeof key === 'string' && key.length > 0 && typeof email === 'string' && email.length > 0;
}

/** True when `path` is a JSON key file with a private key. Unreadable or other kinds: false. */
function keyFileHoldsPrivateKey(path: unknown): boolean {
  if (typeof path !== 'string' || path === '' || !path.endsWith('.json')) return false;
  try {
    return holdsPrivateKey(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return false;
  }
}

function storageOf(options: GcsDriverOptions): Storage | undefined {
  return typeof options.bucket === 'string' ? options.storage : options.bucket.storage;
}

/**
 * Whether V4 signing can work without contacting any service: it needs a service account's
 * private key. Looks at the options only (no SDK import); see `GcsDriverOptions.signedUrls`.
 */
export function canSignUrls(options: GcsDriverOptions): boolean {
  if (options.signedUrls !== undefined) return options.signedUrls;
  const injected = storageOf(options);
  if (injected) {
    const auth = injected.authClient as unknown as AuthSource;
    return holdsPrivateKey(auth.jsonContent) || keyFileHoldsPrivateKey(auth.keyFilename);
  }
  const client = options.clientOptions ?? {};
  if (client.credentials) return holdsPrivateKey(client.credentials);
  return keyFileHoldsPrivateKey(client.keyFilename ?? process.env.GOOGLE_APPLICATION_CREDENTIALS);
}

/**
 * A V4 signed URL (the only version GCS recommends; V2 is legacy). It is valid from now for
 * exactly `expiresIn` seconds: both ends are given in whole seconds so the SDK's
 * `X-Goog-Expires` is the requested value. For PUT with a fixed content type, the type is
 * a signed header, so the uploader must send the same `Content-Type`.
 */
export async function signUrl(bucket: Bucket, key: string, opts: DriverSignedUrlOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const config: GetSignedUrlConfig = {
    version: 'v4',
    action: opts.method === 'GET' ? 'read' : 'write',
    accessibleAt: now,
    expires: now + opts.expiresIn * 1000,
  };
  if (opts.method === 'PUT' && opts.contentType !== undefined) config.contentType = opts.contentType;
  const [url] = await bucket.file(key).getSignedUrl(config);
  return url;
}
